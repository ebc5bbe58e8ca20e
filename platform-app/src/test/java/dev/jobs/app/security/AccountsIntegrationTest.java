package dev.jobs.app.security;

import java.net.http.HttpResponse;
import java.util.UUID;

import dev.jobs.app.IntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Users and their names and passwords: one password policy everywhere, reserved names, names that
 * are never given twice, and demo accounts that do not outlive the demo profile.
 */
class AccountsIntegrationTest extends IntegrationTest {

	@Autowired
	Environment environment;

	@Test
	void passwordOver72BytesIsA400NamingThePasswordNotA500() {
		String name = newName();
		// 30 characters pass any character count, but they are 90 bytes: BCrypt would refuse them.
		HttpResponse<byte[]> response = post("/api/users", newUser(name, "密码".repeat(15)), Account.ADMIN);

		JsonNode problem = assertProblem(response, 400, "invalid-request");
		assertThat(problem.get("errors").get(0).get("field").asString()).isEqualTo("password");
		assertThat(problem.get("errors").get(0).get("reason").asString()).contains("at most 72 bytes");
		assertThat(users.find(name)).isEmpty();
	}

	@Test
	void passwordShorterThan12CharactersIsA400NamingThePassword() {
		JsonNode problem = assertProblem(post("/api/users", newUser(newName(), "short-pw"), Account.ADMIN), 400,
				"invalid-request");

		assertThat(problem.get("errors").findValuesAsString("field")).containsExactly("password");
	}

	@Test
	void adminPasswordFromTheEnvironmentFollowsThePasswordPolicy() {
		InitialAccounts tooShort = new InitialAccounts(users, environment, "admin");
		InitialAccounts tooLong = new InitialAccounts(users, environment, "x".repeat(73));

		assertThatThrownBy(() -> tooShort.run(null)).hasMessageContaining("JOBS_ADMIN_PASSWORD")
			.hasMessageContaining("at least 12 characters");
		assertThatThrownBy(() -> tooLong.run(null)).hasMessageContaining("JOBS_ADMIN_PASSWORD")
			.hasMessageContaining("at most 72 bytes");
	}

	static String newName() {
		return "acct-" + UUID.randomUUID().toString().substring(0, 8);
	}

	static String newUser(String name, String password) {
		return "{\"username\": \"" + name + "\", \"displayName\": \"Someone\", \"role\": \"USER\", \"password\": \""
				+ password + "\"}";
	}

}
