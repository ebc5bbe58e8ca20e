package dev.jobs.app.notification;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import dev.jobs.app.IntegrationTest;
import dev.jobs.core.JobView;
import tools.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** NOTIFICATION in-app: the inbox API and the live stream, each user seeing only their own. */
class NotificationInboxIntegrationTest extends IntegrationTest {

	@BeforeEach
	void emptyInboxes() {
		post("/api/notifications/read-all", null, Account.USER);
		post("/api/notifications/read-all", null, Account.OTHER_USER);
		jdbc.sql("delete from {jobs}.notification_preference").update();
	}

	@Test
	void anInAppNotificationReachesItsRecipientOnly() {
		JobView job = notify(Account.USER, "Export done", "Your file is ready.");

		JsonNode mine = body(get("/api/notifications", Account.USER));
		assertThat(mine.get("items").get(0).get("jobId").asString()).isEqualTo(job.id().toString());
		assertThat(mine.get("items").get(0).get("title").asString()).isEqualTo("Export done");
		assertThat(mine.get("items").get(0).get("body").asString()).isEqualTo("Your file is ready.");
		assertThat(mine.get("items").get(0).get("read").asBoolean()).isFalse();
		assertThat(body(get("/api/notifications/unread-count", Account.USER)).get("unreadCount").asLong()).isEqualTo(1);

		JsonNode theirs = body(get("/api/notifications", Account.OTHER_USER));
		assertThat(theirs.get("items").valueStream().map(n -> n.get("jobId").asString()))
			.doesNotContain(job.id().toString());
		assertThat(body(get("/api/notifications/unread-count", Account.OTHER_USER)).get("unreadCount").asLong())
			.isZero();
	}

	@Test
	void listIsNewestFirstPagedAndFiltersUnread() {
		JobView older = notify(Account.USER, "First", "1");
		JobView newer = notify(Account.USER, "Second", "2");
		long olderId = notificationId(older);
		assertThat(post("/api/notifications/" + olderId + "/read", null, Account.USER).statusCode()).isEqualTo(200);

		JsonNode page = body(get("/api/notifications?size=2&page=0", Account.USER));
		assertThat(page.get("items").valueStream().map(n -> n.get("title").asString())).containsExactly("Second",
				"First");
		assertThat(page.get("size").asInt()).isEqualTo(2);
		assertThat(page.get("total").asLong()).isGreaterThanOrEqualTo(2);
		JsonNode second = body(get("/api/notifications?size=1&page=1", Account.USER));
		assertThat(second.get("items").get(0).get("title").asString()).isEqualTo("First");

		JsonNode unread = body(get("/api/notifications?unread=true", Account.USER));
		assertThat(unread.get("items").valueStream().map(n -> n.get("jobId").asString()))
			.containsExactly(newer.id().toString());
	}

	@Test
	void someoneElsesNotificationCannotBeMarkedAndAnswers404() {
		long id = notificationId(notify(Account.USER, "Private", "for test-user only"));

		assertProblem(post("/api/notifications/" + id + "/read", null, Account.OTHER_USER), 404, "notification-not-found");
		assertProblem(post("/api/notifications/999999999/read", null, Account.USER), 404, "notification-not-found");
		assertThat(body(get("/api/notifications/unread-count", Account.USER)).get("unreadCount").asLong()).isEqualTo(1);

		assertThat(body(post("/api/notifications/" + id + "/read", null, Account.USER)).get("unreadCount").asLong())
			.isZero();
	}

	@Test
	void readAllMarksOnlyTheCallersNotifications() {
		notify(Account.USER, "A", "a");
		notify(Account.USER, "B", "b");
		notify(Account.OTHER_USER, "C", "c");

		assertThat(body(post("/api/notifications/read-all", null, Account.USER)).get("marked").asInt()).isEqualTo(2);

		assertThat(body(get("/api/notifications/unread-count", Account.USER)).get("unreadCount").asLong()).isZero();
		assertThat(body(get("/api/notifications/unread-count", Account.OTHER_USER)).get("unreadCount").asLong())
			.isEqualTo(1);
	}

	@Test
	void badPagingParametersAreRefusedNamingTheParameter() {
		assertThat(assertProblem(get("/api/notifications?page=-1", Account.USER), 400, "invalid-request")
			.get("errors").get(0).get("field").asString()).isEqualTo("page");
		assertThat(assertProblem(get("/api/notifications?size=lots", Account.USER), 400, "invalid-request")
			.get("errors").get(0).get("field").asString()).isEqualTo("size");
		assertThat(send(HttpRequest.newBuilder(url("/api/notifications")).GET()).statusCode()).isEqualTo(401);
	}

	@Test
	void theStreamPushesANewNotificationToItsRecipientOnly() throws Exception {
		try (EventStream mine = EventStream.open(this, Account.USER); EventStream theirs = EventStream.open(this, Account.OTHER_USER)) {
			assertThat(mine.next("ready")).isNotNull();
			assertThat(theirs.next("ready")).isNotNull();

			JobView forMe = notify(Account.USER, "Live", "pushed to test-user");
			JsonNode event = mine.next("notification");
			assertThat(event.get("jobId").asString()).isEqualTo(forMe.id().toString());
			assertThat(event.get("title").asString()).isEqualTo("Live");

			// The other user's stream stays quiet until a notification of theirs comes: the first it sees is that one.
			JobView forThem = notify(Account.OTHER_USER, "Yours", "pushed to test-user-2");
			assertThat(theirs.next("notification").get("jobId").asString()).isEqualTo(forThem.id().toString());
		}
	}

	@Test
	void aReconnectingStreamResumesAfterLastEventId() throws Exception {
		long before;
		try (EventStream stream = EventStream.open(this, Account.USER)) {
			stream.next("ready");
			notify(Account.USER, "Seen", "before the disconnect");
			before = stream.next("notification").get("id").asLong();
		}
		JobView missed = notify(Account.USER, "Missed", "while disconnected");

		try (EventStream stream = EventStream.open(this, Account.USER, before)) {
			stream.next("ready");
			assertThat(stream.next("notification").get("jobId").asString()).isEqualTo(missed.id().toString());
		}
	}

	@Test
	void preferencesAreEverythingOnUntilTurnedOffAndSkipThatChannel() {
		JsonNode defaults = body(get("/api/notification-preferences", Account.USER));
		assertThat(defaults.get("EXPORT").get("IN_APP").asBoolean()).isTrue();
		assertThat(defaults.get("GENERAL").get("EMAIL").asBoolean()).isTrue();

		JsonNode updated = body(put("/api/notification-preferences", "{\"GENERAL\": {\"IN_APP\": false}}", Account.USER));
		assertThat(updated.get("GENERAL").get("IN_APP").asBoolean()).isFalse();
		assertThat(updated.get("GENERAL").get("EMAIL").asBoolean()).isTrue();
		assertThat(body(get("/api/notification-preferences", Account.OTHER_USER)).get("GENERAL").get("IN_APP")
			.asBoolean()).isTrue();

		JobView skipped = notify(Account.USER, "Unwanted", "general, in-app");
		assertThat(skipped.result().get("outcome").asString()).isEqualTo("SKIPPED");
		assertThat(skipped.result().get("reason").asString()).contains("skipped by preference");
		assertThat(jdbc.sql("select count(*) from {jobs}.notification where job_id = :id").param("id", skipped.id())
			.query(Long.class).single()).isZero();
	}

	@Test
	void badPreferencesAreRefusedNamingTheField() {
		assertThat(assertProblem(put("/api/notification-preferences", "{\"EXPORT\": {\"SMS\": true}}", Account.USER),
				400, "invalid-request").get("errors").get(0).get("field").asString()).isEqualTo("EXPORT.SMS");
		assertThat(assertProblem(put("/api/notification-preferences", "{\"BILLING\": {\"EMAIL\": true}}", Account.USER),
				400, "invalid-request").get("errors").get(0).get("field").asString()).isEqualTo("BILLING");
		assertProblem(put("/api/notification-preferences", "{\"EXPORT\": {\"EMAIL\": \"maybe\"}}", Account.USER), 400,
				"invalid-request");
		assertProblem(put("/api/notification-preferences", "not json", Account.USER), 400, "invalid-request");
	}

	@Test
	void aUserChoosesTheLanguageOfTheirNotifications() {
		assertThat(body(put("/api/notification-preferences/locale", "{\"locale\": \"en\"}", Account.USER))
			.get("effective").asString()).isEqualTo("en");

		JobView english = runToSuccess("NOTIFICATION", Map.of("channel", "IN_APP", "recipient", Account.USER.username(),
				"template", "EXPORT_FAILED", "params", Map.of("jobId", "9", "reason", "disk full")));
		assertThat(english.result().get("subject").asString()).isEqualTo("Your export failed");

		JsonNode reset = body(put("/api/notification-preferences/locale", "{\"locale\": null}", Account.USER));
		assertThat(reset.get("locale").isNull()).isTrue();
		assertThat(reset.get("effective").asString()).isEqualTo("zh-CN");
		assertThat(assertProblem(put("/api/notification-preferences/locale", "{\"locale\": \"??\"}", Account.USER),
				400, "invalid-request").get("errors").get(0).get("field").asString()).isEqualTo("locale");
	}

	@Test
	void aBadLastEventIdIsA400EvenForAnEventStreamClient() {
		HttpResponse<byte[]> response = send(HttpRequest.newBuilder(url("/api/notifications/stream"))
			.header("Authorization", Account.USER.basic())
			.header("Accept", "text/event-stream")
			.header("Last-Event-ID", "yesterday")
			.GET());
		assertThat(response.statusCode()).as(new String(response.body())).isEqualTo(400);
	}

	/** Submits an in-app GENERIC notification to an account (as a program would) and waits for it to end. */
	private JobView notify(Account to, String subject, String text) {
		return runToSuccess("NOTIFICATION", Map.of("channel", "IN_APP", "recipient", to.username(), "template",
				"GENERIC", "params", Map.of("subject", subject, "body", text)));
	}

	private long notificationId(JobView job) {
		return jdbc.sql("select id from {jobs}.notification where job_id = :id").param("id", job.id()).query(Long.class).single();
	}

	private HttpResponse<byte[]> put(String path, String body, Account account) {
		return send(HttpRequest.newBuilder(url(path))
			.header("Authorization", account.basic())
			.header("Content-Type", "application/json")
			.PUT(HttpRequest.BodyPublishers.ofString(body)));
	}

	/** A server-sent event stream read line by line on the HTTP client's threads. */
	static final class EventStream implements AutoCloseable {

		private static final HttpClient CLIENT = HttpClient.newHttpClient();

		private final BlockingQueue<String[]> events = new LinkedBlockingQueue<>();

		private final CompletableFuture<HttpResponse<Stream<String>>> response;

		private final NotificationInboxIntegrationTest test;

		private EventStream(NotificationInboxIntegrationTest test, HttpRequest request) {
			this.test = test;
			this.response = CLIENT.sendAsync(request, HttpResponse.BodyHandlers.ofLines());
			this.response.thenAcceptAsync(r -> {
				String[] event = new String[2];
				r.body().forEach(line -> {
					if (line.startsWith("event:")) {
						event[0] = line.substring(6).strip();
					}
					else if (line.startsWith("data:")) {
						event[1] = line.substring(5).strip();
					}
					else if (line.isEmpty() && event[0] != null) {
						events.add(event.clone());
						event[0] = null;
						event[1] = null;
					}
				});
			});
		}

		static EventStream open(NotificationInboxIntegrationTest test, Account account) {
			return open(test, account, null);
		}

		static EventStream open(NotificationInboxIntegrationTest test, Account account, Long lastEventId) {
			HttpRequest.Builder request = HttpRequest.newBuilder(test.url("/api/notifications/stream"))
				.header("Authorization", account.basic())
				.header("Accept", "text/event-stream");
			if (lastEventId != null) {
				request.header("Last-Event-ID", lastEventId.toString());
			}
			return new EventStream(test, request.GET().build());
		}

		/** The next event, which must have this name, within 15 s; its data as JSON. */
		JsonNode next(String name) throws InterruptedException, IOException {
			String[] event = events.poll(15, TimeUnit.SECONDS);
			assertThat(event).as("a '%s' event within 15 s", name).isNotNull();
			assertThat(event[0]).as("event name (data %s)", event[1]).isEqualTo(name);
			return test.json.readTree(event[1]);
		}

		@Override
		public void close() {
			response.thenAccept(r -> r.body().close());
			response.cancel(true);
		}

	}

}
