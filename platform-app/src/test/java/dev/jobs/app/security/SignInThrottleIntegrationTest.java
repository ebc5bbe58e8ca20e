package dev.jobs.app.security;

import java.net.CookieManager;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import dev.jobs.app.IntegrationTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Password guessing is throttled per account and per client, with 429 and Retry-After, before the
 * password is checked, whatever the scheme's spelling or the name's; an account's block is short,
 * and tokens are not affected.
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

	@Test
	void guessesSentUnderAMisspeltBasicSchemeAreRefusedUncheckedAndCannotLockTheOwnerOut() {
		String name = "underscore-" + UUID.randomUUID().toString().substring(0, 8);
		users.create(name, "Underscore", null, Role.USER, "the-right-password");
		for (int i = 0; i < 25; i++) {
			HttpResponse<byte[]> guess = send(HttpRequest.newBuilder(url("/api/jobs"))
				.header("Authorization", "Basic_" + base64(name + ":guess-" + i))
				.GET());
			assertProblem(guess, 401, "unsupported-authorization");
		}

		HttpResponse<byte[]> rightPasswordMisspelt = send(HttpRequest.newBuilder(url("/api/jobs"))
			.header("Authorization", "Basic_" + base64(name + ":the-right-password"))
			.GET());

		assertProblem(rightPasswordMisspelt, 401, "unsupported-authorization");
		assertThat(signIn(name, "the-right-password").statusCode()).as("the owner, never locked out by them")
			.isEqualTo(200);
	}

	@Test
	void basicSchemeInAnyCaseIsThrottledLikeTheUsualSpelling() {
		String name = "lowercase-" + UUID.randomUUID().toString().substring(0, 8);
		users.create(name, "Lowercase", null, Role.USER, "the-right-password");
		for (int i = 0; i < 5; i++) {
			assertThat(sendBasic("basic " + base64(name + ":guess-" + i)).statusCode()).isEqualTo(401);
		}

		assertProblem(sendBasic("BASIC " + base64(name.toUpperCase() + " :guess")), 429, "too-many-sign-in-failures");
	}

	@Test
	void formSignInGuessesUnderPaddedNamesCountForTheAccountTheyCheck() throws Exception {
		String name = "padded-" + UUID.randomUUID().toString().substring(0, 8);
		users.create(name, "Padded", null, Role.USER, "the-right-password");
		HttpClient browser = browser();
		for (int i = 0; i < 5; i++) {
			HttpResponse<String> guess = formSignIn(browser, name + " ".repeat(i + 1), "guess-" + i);
			assertThat(guess.statusCode()).isEqualTo(302);
			assertThat(guess.headers().firstValue("Location").orElse("")).contains("error");
		}

		HttpResponse<String> padded = formSignIn(browser, "  " + name + "   ", "guess-6");
		HttpResponse<String> owner = formSignIn(browser(), name, "the-right-password");

		assertThat(padded.statusCode()).as(padded.body()).isEqualTo(429);
		assertThat(padded.headers().firstValue("Retry-After")).isPresent();
		assertThat(owner.statusCode()).as("the account is blocked for a short while, however it is spelt")
			.isEqualTo(429);
	}

	@Test
	void aBurstOfGuessesSentAtOnceGetsNoMoreBcryptChecksThanTheAccountsLimit() {
		String name = "burst-" + UUID.randomUUID().toString().substring(0, 8);
		users.create(name, "Burst", null, Role.USER, "the-right-password");
		List<CompletableFuture<HttpResponse<Void>>> guesses = new ArrayList<>();
		HttpClient client = HttpClient.newHttpClient();
		for (int i = 0; i < 19; i++) {
			guesses.add(client.sendAsync(HttpRequest.newBuilder(url("/api/jobs"))
				.header("Authorization", "Basic " + base64(name + ":guess-" + i))
				.GET()
				.build(), HttpResponse.BodyHandlers.discarding()));
		}

		Map<Integer, Long> statuses = guesses.stream()
			.map(CompletableFuture::join)
			.collect(Collectors.groupingBy(HttpResponse::statusCode, Collectors.counting()));

		assertThat(statuses.getOrDefault(401, 0L)).as(statuses.toString()).isLessThanOrEqualTo(5);
		assertThat(statuses.getOrDefault(429, 0L)).as(statuses.toString()).isGreaterThanOrEqualTo(14);
	}

	private HttpResponse<byte[]> sendBasic(String authorization) {
		return send(HttpRequest.newBuilder(url("/api/jobs")).header("Authorization", authorization).GET());
	}

	private static String base64(String credentials) {
		return Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
	}

	private static HttpClient browser() {
		return HttpClient.newBuilder()
			.cookieHandler(new CookieManager())
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();
	}

	private HttpResponse<String> formSignIn(HttpClient browser, String username, String password) throws Exception {
		String page = browser.send(HttpRequest.newBuilder(url("/login")).GET().build(),
				HttpResponse.BodyHandlers.ofString()).body();
		Matcher token = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"").matcher(page);
		assertThat(token.find()).as("a CSRF token on the login page").isTrue();
		String form = "username=" + URLEncoder.encode(username, StandardCharsets.UTF_8) + "&password="
				+ URLEncoder.encode(password, StandardCharsets.UTF_8) + "&_csrf="
				+ URLEncoder.encode(token.group(1), StandardCharsets.UTF_8);
		return browser.send(HttpRequest.newBuilder(url("/login"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(form))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<byte[]> signIn(String username, String password) {
		return send(HttpRequest.newBuilder(url("/api/jobs"))
			.header("Authorization",
					"Basic " + Base64.getEncoder().encodeToString((username + ":" + password).getBytes()))
			.GET());
	}

}
