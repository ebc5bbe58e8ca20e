package dev.jobs.app.security;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.stereotype.Component;

/**
 * Makes sure someone can sign in, without a default password:
 * <ul>
 * <li>in the {@code demo} profile, the documented demo accounts {@code admin}, {@code manager},
 * {@code user} and {@code auditor} (password {@code demo-<name>-password});</li>
 * <li>otherwise the demo accounts are disabled (a database that once ran the demo keeps them),
 * and, when no super admin exists, an {@code admin} is created whose password is
 * {@code JOBS_ADMIN_PASSWORD} or, if that is not set, generated and printed once to the log.</li>
 * </ul>
 */
@Component
class InitialAccounts implements ApplicationRunner {

	private static final Logger log = LoggerFactory.getLogger(InitialAccounts.class);

	private final AppUsers users;

	private final Environment environment;

	private final String adminPassword;

	InitialAccounts(AppUsers users, Environment environment, @Value("${JOBS_ADMIN_PASSWORD:}") String adminPassword) {
		this.users = users;
		this.environment = environment;
		this.adminPassword = adminPassword;
	}

	@Override
	public void run(ApplicationArguments args) {
		if (!adminPassword.isBlank()) {
			// Refused at start, not when first used: a bad setting should stop the deploy that brings it.
			PasswordPolicy.violation(adminPassword).ifPresent(reason -> {
				throw new IllegalStateException("JOBS_ADMIN_PASSWORD " + reason + ". Set a longer or shorter one.");
			});
		}
		if (environment.acceptsProfiles(Profiles.of("demo"))) {
			for (Role role : Role.values()) {
				String name = demoName(role);
				if (users.enableDemoAccount(name, role, "demo-" + name + "-password")) {
					log.info("Demo account {} ({}) enabled with password demo-{}-password", name, role, name);
				}
			}
			return;
		}
		// Their passwords are in the README: outside the demo profile they must not sign anyone in.
		List<String> disabled = users.disableDemoAccounts();
		if (!disabled.isEmpty()) {
			log.warn("Demo accounts {} disabled: this instance does not run the demo profile, and their passwords "
					+ "are published. Start with the demo profile to enable them again.", disabled);
		}
		if (users.anyActive(Role.SUPER_ADMIN)) {
			return;
		}
		String password = adminPassword.isBlank() ? generated() : adminPassword;
		if (users.create("admin", "Administrator", null, Role.SUPER_ADMIN, password)
				|| users.takeOverDisabledDemoAccount("admin", "Administrator", Role.SUPER_ADMIN, password)) {
			if (adminPassword.isBlank()) {
				log.warn("\n\n    No administrator existed, so user 'admin' was created with password: {}\n"
						+ "    It is shown only this once. Sign in and create your own users (POST /api/users).\n",
						password);
			}
			else {
				log.info("Administrator 'admin' created with the password from JOBS_ADMIN_PASSWORD");
			}
		}
	}

	private static String demoName(Role role) {
		return switch (role) {
			case SUPER_ADMIN -> "admin";
			case MANAGER -> "manager";
			case USER -> "user";
			case AUDITOR -> "auditor";
		};
	}

	private static String generated() {
		byte[] bytes = new byte[18];
		new SecureRandom().nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

}
