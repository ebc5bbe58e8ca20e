package dev.jobs.app.security;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.UUID;

import dev.jobs.app.IntegrationTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Password guessing is throttled per account and per client, with 429 and Retry-After, before the
 * password is checked; an account's block is short, and tokens are not affected.
 */
class SignInThrottleIntegrationTest extends IntegrationTest {

	@Autowired
	SignInThrottle throttle;

	/** Every test here fails sign-ins from 127.0.0.1, where all other tests sign in too. */
	@AfterEach
	void forgetFailures() {
		throttle.clear();
	}

	@Test
	void repeatedFailuresOnOneAccountAre429WithAShortRetryAfterEvenForTheRightPassword() {
		String name = "guessed-" + UUID.randomUUID().toString().substring(0, 8);
		users.create(name, "Guessed", null, Role.USER, "the-right-password");
		for (int i = 0; i < 5; i++) {
			assertThat(signIn(name, "guess-" + i).statusCode()).isEqualTo(401);
		}

		HttpResponse<byte[]> guess = signIn(name, "guess-6");
		HttpResponse<byte[]> owner = signIn(name, "the-right-password");

		assertProblem(guess, 429, "too-many-sign-in-failures");
		assertThat(Integer.parseInt(guess.headers().firstValue("Retry-After").orElseThrow())).isBetween(1, 30);
		assertProblem(owner, 429, "too-many-sign-in-failures");
		assertThat(signIn(Account.USER.username(), Account.USER.password()).statusCode()).as("other accounts")
			.isEqualTo(200);
	}

	@Test
	void oneClientFailingOnManyAccountsIsBlockedButItsTokensStillWork() {
		String bearer = "Bearer " + body(post("/api/tokens", "{\"name\": \"throttle\"}", Account.USER)).get("token")
			.asString();
		for (int i = 0; i < 20; i++) {
			assertThat(signIn("nobody-" + i, "guess").statusCode()).isEqualTo(401);
		}

		HttpResponse<byte[]> blocked = signIn(Account.USER.username(), Account.USER.password());

		assertProblem(blocked, 429, "too-many-sign-in-failures");
		assertThat(blocked.headers().firstValue("Retry-After")).isPresent();
		assertThat(send(HttpRequest.newBuilder(url("/api/jobs")).header("Authorization", bearer).GET()).statusCode())
			.isEqualTo(200);
	}

	private HttpResponse<byte[]> signIn(String username, String password) {
		return send(HttpRequest.newBuilder(url("/api/jobs"))
			.header("Authorization",
					"Basic " + Base64.getEncoder().encodeToString((username + ":" + password).getBytes()))
			.GET());
	}

}
