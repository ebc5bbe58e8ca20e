package dev.jobs.types.secondapp;

import java.util.Map;
import java.util.Optional;

import dev.jobs.types.notification.Recipients.Recipient;
import dev.jobs.types.notification.UserDirectory;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * An application that is not platform-app: no {@code app_user}, no {@code employee}, no migrations
 * of its own. It adds job-types and says where its users are.
 */
@SpringBootApplication
class SecondApplication {

	static final Map<String, Recipient> USERS = Map.of("alice", new Recipient(42L, "alice", null, "en"));

	@Bean
	UserDirectory users() {
		return new UserDirectory() {
			@Override
			public Optional<Recipient> findActiveUser(String username) {
				return Optional.ofNullable(USERS.get(username));
			}

			@Override
			public Optional<Recipient> findActiveUserByEmail(String email) {
				return USERS.values().stream().filter(u -> email.equalsIgnoreCase(u.email())).findFirst();
			}
		};
	}

}
