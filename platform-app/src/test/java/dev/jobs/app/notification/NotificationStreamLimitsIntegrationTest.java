package dev.jobs.app.notification;

import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import dev.jobs.app.IntegrationTest;
import dev.jobs.app.security.Role;
import dev.jobs.app.security.SecurityProperties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Live notification streams are bounded per user and per instance, and end when the credentials
 * that opened them end (jobs.security.streams.*; the tests check credentials every second).
 */
class NotificationStreamLimitsIntegrationTest extends IntegrationTest {

	private static final HttpClient CLIENT = HttpClient.newHttpClient();

	@Autowired
	SecurityProperties security;

	@Autowired
	NotificationStream streams;

	private final List<Stream_> opened = new ArrayList<>();

	private int maxPerUser;

	private int maxTotal;

	@org.junit.jupiter.api.BeforeEach
	void rememberLimits() {
		maxPerUser = security.getStreams().getMaxPerUser();
		maxTotal = security.getStreams().getMaxTotal();
	}

	@AfterEach
	void closeStreamsAndRestoreLimits() {
		opened.forEach(Stream_::close);
		security.getStreams().setMaxPerUser(maxPerUser);
		security.getStreams().setMaxTotal(maxTotal);
	}

	@Test
	void oneUserCannotOpenMoreStreamsThanTheLimitWhileOthersStillCan() throws Exception {
		String basic = newUser("many-tabs");
		security.getStreams().setMaxPerUser(2);
		open(basic).awaitReady();
		open(basic).awaitReady();

		Refusal third = refusal(basic);

		assertThat(third.status()).isEqualTo(429);
		assertThat(third.body()).contains("too-many-streams");
		assertThat(third.retryAfter()).isNotNull();
		open(newUser("one-tab")).awaitReady();
	}

	@Test
	void theInstanceOpensNoMoreStreamsThanItsLimitInAll() throws Exception {
		open(newUser("first")).awaitReady();
		security.getStreams().setMaxTotal(streams.openStreams());

		Refusal refused = refusal(newUser("second"));

		assertThat(refused.status()).isEqualTo(503);
		assertThat(refused.body()).contains("too-many-streams");
		assertThat(refused.retryAfter()).isNotNull();
	}

	@Test
	void streamEndsOnceItsTokenIsRevokedOrItsUserDisabled() throws Exception {
		String name = "streamer-" + UUID.randomUUID().toString().substring(0, 8);
		users.create(name, "Streamer", null, Role.USER, "streamer-password-1");
		String basic = basic(name);
		var token = body(send(HttpRequest.newBuilder(url("/api/tokens"))
			.header("Authorization", Account.USER.basic())
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"stream\"}"))));
		Stream_ byToken = open("Bearer " + token.get("token").asString());
		Stream_ byPassword = open(basic);
		Stream_ unaffected = open(newUser("unaffected"));
		byToken.awaitReady();
		byPassword.awaitReady();
		unaffected.awaitReady();

		assertThat(send(HttpRequest.newBuilder(url("/api/tokens/" + token.get("id").asLong()))
			.header("Authorization", Account.USER.basic())
			.DELETE()).statusCode()).isEqualTo(204);
		jdbc.sql("update app_user set status = 'DISABLED' where username = :name").param("name", name).update();

		assertThat(byToken.awaitEnd(Duration.ofSeconds(10))).as("the revoked token's stream ended").isTrue();
		assertThat(byPassword.awaitEnd(Duration.ofSeconds(10))).as("the disabled user's stream ended").isTrue();
		assertThat(unaffected.ended()).as("other streams go on").isFalse();
	}

	/** How an attempt to open a stream was answered; a stream that opens is closed at once (status 200). */
	private record Refusal(int status, String body, String retryAfter) {
	}

	private Refusal refusal(String authorization) throws Exception {
		HttpResponse<InputStream> response = CLIENT.send(streamRequest(authorization).timeout(Duration.ofSeconds(30))
			.GET()
			.build(), HttpResponse.BodyHandlers.ofInputStream());
		try (InputStream body = response.body()) {
			String text = (response.statusCode() == 200) ? "" : new String(body.readAllBytes(), StandardCharsets.UTF_8);
			return new Refusal(response.statusCode(), text, response.headers().firstValue("Retry-After").orElse(null));
		}
	}

	/** A new user of role USER; its Basic credentials. */
	private String newUser(String prefix) {
		String name = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
		users.create(name, prefix, null, Role.USER, "streamer-password-1");
		return basic(name);
	}

	private static String basic(String name) {
		return "Basic " + Base64.getEncoder()
			.encodeToString((name + ":streamer-password-1").getBytes(StandardCharsets.UTF_8));
	}

	private HttpRequest.Builder streamRequest(String authorization) {
		return HttpRequest.newBuilder(url("/api/notifications/stream"))
			.header("Authorization", authorization)
			.header("Accept", "text/event-stream");
	}

	private Stream_ open(String authorization) {
		Stream_ stream = new Stream_(streamRequest(authorization).GET().build());
		opened.add(stream);
		return stream;
	}

	/** One live stream, read on the client's threads: whether its 'ready' event came, and whether it ended. */
	private static final class Stream_ {

		private final CountDownLatch ready = new CountDownLatch(1);

		private final CompletableFuture<Void> end = new CompletableFuture<>();

		private final CompletableFuture<HttpResponse<Stream<String>>> response;

		Stream_(HttpRequest request) {
			response = CLIENT.sendAsync(request, HttpResponse.BodyHandlers.ofLines());
			response.thenAcceptAsync(r -> {
				try {
					r.body().forEach(line -> {
						if (line.startsWith("event:") && line.substring(6).strip().equals("ready")) {
							ready.countDown();
						}
					});
				}
				catch (RuntimeException closed) {
					// the test closed it
				}
				end.complete(null);
			});
		}

		void awaitReady() throws InterruptedException {
			assertThat(ready.await(15, TimeUnit.SECONDS)).as("a 'ready' event within 15 s").isTrue();
		}

		boolean awaitEnd(Duration timeout) {
			try {
				end.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
				return true;
			}
			catch (Exception notYet) {
				return false;
			}
		}

		boolean ended() {
			return end.isDone();
		}

		void close() {
			response.thenAccept(r -> r.body().close());
			response.cancel(true);
		}

	}

}
