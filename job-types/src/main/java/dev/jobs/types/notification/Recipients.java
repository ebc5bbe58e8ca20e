package dev.jobs.types.notification;

import java.util.Optional;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Finds who a notification's {@code recipient} is: an active user of the application's
 * {@link UserDirectory} (by username, or by email address), or, for email only, an outside address
 * that belongs to no user.
 */
public class Recipients {

	private final UserDirectory users;

	public Recipients(UserDirectory users) {
		this.users = users;
	}

	/** On platform-app's {@code app_user} table ({@link AppUserDirectory}). */
	public Recipients(JdbcClient jdbc) {
		this(new AppUserDirectory(jdbc));
	}

	/**
	 * A resolved recipient.
	 * @param userId the user's id, null for an outside address
	 * @param username null for an outside address
	 * @param email where mail goes; null if the user has none
	 * @param locale the user's language tag, or null
	 */
	public record Recipient(Long userId, String username, String email, String locale) {

		boolean isUser() {
			return userId != null;
		}

	}

	/** Whether the text is meant as an email address rather than a username. */
	static boolean looksLikeEmail(String recipient) {
		return recipient.indexOf('@') >= 0;
	}

	/** Whether an email address is syntactically valid (RFC 822, strict; a bare {@code a@b} passes). */
	static boolean isValidEmail(String address) {
		try {
			new InternetAddress(address, true).validate();
			return true;
		}
		catch (AddressException ex) {
			return false;
		}
	}

	/**
	 * The active user with this username, or the one whose email address this is; for an address of no
	 * user, an outside recipient; empty for an unknown username.
	 */
	public Optional<Recipient> resolve(String recipient) {
		if (looksLikeEmail(recipient)) {
			Optional<Recipient> user = users.findActiveUserByEmail(recipient);
			return Optional.of(user.orElseGet(() -> new Recipient(null, null, recipient, null)));
		}
		return findUser(recipient);
	}

	/** The active, not deleted user with this username. */
	public Optional<Recipient> findUser(String username) {
		return users.findActiveUser(username);
	}

}
