package dev.jobs.app.security;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.UUID;

import dev.jobs.app.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.env.Environment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Users and their names and passwords: one password policy everywhere, reserved names, names that
 * are never given twice, and demo accounts that do not outlive the demo profile.
 */
@ExtendWith(OutputCaptureExtension.class)
class AccountsIntegrationTest extends IntegrationTest {

	@Autowired
	Environment environment;

	@Autowired
	InitialAccounts initialAccounts;

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

	@Test
	void platformNamesAreReservedAndNoUserMayTakeThem() {
		for (String name : new String[] { "system", "anonymous", "System", "ANONYMOUS" }) {
			JsonNode problem = assertProblem(post("/api/users", newUser(name, "a-long-password-1"), Account.ADMIN), 400,
					"invalid-request");
			assertThat(problem.get("errors").findValuesAsString("field")).as(name).containsExactly("username");
			assertThat(problem.get("detail").asString()).contains("reserved");
		}
		assertThatThrownBy(() -> users.create("jobs:worker", "x", null, Role.USER, "a-long-password-1"))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("reserved");
		assertThat(users.find("system")).isEmpty();
	}

	@Test
	void deletedUsersNameIsNeverGivenAgainSoNobodyInheritsTheirJobs() {
		String name = newName();
		users.create(name, "Leaves", null, Role.USER, "a-long-password-1");
		jdbc.sql("update app_user set deleted = true where username = :name").param("name", name).update();

		HttpResponse<byte[]> again = post("/api/users", newUser(name, "another-password-2"), Account.ADMIN);

		assertThat(assertProblem(again, 409, "username-taken").get("detail").asString()).contains("never given twice");
		assertThat(users.create(name, "Again", null, Role.USER, "another-password-2")).isFalse();
		assertThat(users.find(name)).isEmpty();
	}

	@Test
	void demoAccountsAreDisabledOutsideTheDemoProfileAndTheLogSaysSo(CapturedOutput output) {
		String name = "demo-" + UUID.randomUUID().toString().substring(0, 8);
		users.create(name, "Demo", name + "@demo.invalid", Role.SUPER_ADMIN, "demo-long-password");
		String basic = "Basic " + Base64.getEncoder().encodeToString((name + ":demo-long-password").getBytes());
		assertThat(send(HttpRequest.newBuilder(url("/api/jobs")).header("Authorization", basic).GET()).statusCode())
			.isEqualTo(200);

		initialAccounts.run(null); // the tests run without the demo profile

		assertProblem(send(HttpRequest.newBuilder(url("/api/jobs")).header("Authorization", basic).GET()), 401,
				"unauthorized");
		assertThat(jdbc.sql("select status from app_user where username = :name").param("name", name)
			.query(String.class)
			.single()).isEqualTo("DISABLED");
		assertThat(output).contains("Demo accounts").contains(name).contains("disabled");
	}

	@Autowired
	SecurityProperties securityProperties;

	@Test
	void userWithTheMostActiveTokensAllowedGets409ForOneMoreUntilOneIsRevoked() {
		String name = newName();
		users.create(name, "Collector", null, Role.USER, "collector-password-1");
		String basic = "Basic " + Base64.getEncoder().encodeToString((name + ":collector-password-1").getBytes());
		int limit = securityProperties.getTokens().getMaxPerUser();
		securityProperties.getTokens().setMaxPerUser(3);
		try {
			long first = 0;
			for (int i = 0; i < 3; i++) {
				HttpResponse<byte[]> created = createToken(basic, "token-" + i);
				assertThat(created.statusCode()).isEqualTo(201);
				first = (i == 0) ? body(created).get("id").asLong() : first;
			}

			JsonNode refused = assertProblem(createToken(basic, "one-too-many"), 409, "too-many-tokens");

			assertThat(refused.get("detail").asString()).contains("jobs.security.tokens.max-per-user");
			assertThat(send(HttpRequest.newBuilder(url("/api/tokens")).header("Authorization", basic).GET()).body())
				.asString().doesNotContain("one-too-many");
			assertThat(send(HttpRequest.newBuilder(url("/api/tokens/" + first)).header("Authorization", basic)
				.DELETE()).statusCode()).isEqualTo(204);
			assertThat(createToken(basic, "after-revoking").statusCode()).isEqualTo(201);
		}
		finally {
			securityProperties.getTokens().setMaxPerUser(limit);
		}
	}

	private HttpResponse<byte[]> createToken(String basic, String name) {
		return send(HttpRequest.newBuilder(url("/api/tokens"))
			.header("Authorization", basic)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"" + name + "\"}")));
	}

	static String newName() {
		return "acct-" + UUID.randomUUID().toString().substring(0, 8);
	}

	static String newUser(String name, String password) {
		return "{\"username\": \"" + name + "\", \"displayName\": \"Someone\", \"role\": \"USER\", \"password\": \""
				+ password + "\"}";
	}

}
