package dev.jobs.types.notification;

import java.util.Optional;

/**
 * The contract between {@code NOTIFICATION} and the application's users: who a recipient is, where
 * their mail goes and which language they read. The application implements it as a bean when its
 * users are not in an {@code app_user} table shaped like platform-app's (the default,
 * {@link AppUserDirectory}); the notification tables themselves come with job-types' own migrations.
 */
public interface UserDirectory {

	/** The active user with this username; empty if there is none (unknown, disabled or deleted). */
	Optional<Recipients.Recipient> findActiveUser(String username);

	/** The active user with this email address (case-insensitive); empty if none has it. */
	Optional<Recipients.Recipient> findActiveUserByEmail(String email);

}
