package dev.jobs.core;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import dev.jobs.core.delivery.Workers;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /api/batches} through the real services: a batch submitted over REST runs and fires its callback; lists,
 * members by status, cancel, retry of failed members and seal; the submit roles of every member's and callback's
 * type; someone else's batch is a 404; refused fields are named ({@code members[1].payload.name}) and nothing is
 * written.
 */
class BatchApiIntegrationTest extends IntegrationTest {

	private static final String[] ADMIN = { "X-Test-User", "root", "X-Test-Roles", "SUPER_ADMIN" };

	private static final String[] AUDITOR = { "X-Test-User", "auditor", "X-Test-Roles", "AUDITOR" };

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	@Autowired
	Workers workers;

	/** A user of this test alone, so that counts and lists of "their" batches see only this test's. */
	private static String[] user() {
		return new String[] { "X-Test-User", "batcher-" + UUID.randomUUID(), "X-Test-Roles", "USER" };
	}

	private static String record(String name) {
		return "{\"type\": \"RECORD\", \"payload\": {\"name\": \"" + name + "\", \"sleepMillis\": 0}}";
	}

	private static String reject(String reason) {
		return "{\"type\": \"REJECT\", \"payload\": {\"reason\": \"" + reason + "\"}}";
	}

	private static String batch(String callbacks, String... members) {
		return "{\"description\": \"test batch\", \"members\": [" + String.join(",", members) + "]"
				+ ((callbacks != null) ? ", \"callbacks\": " + callbacks : "") + "}";
	}

	private HttpResponse<String> getAs(String path, String... who) {
		return send("GET", path, who);
	}

	private UUID batchId(HttpResponse<String> created) {
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		return UUID.fromString(body(created).get("batch").get("id").asString());
	}

	private JsonNode awaitBatch(UUID id, String status, String... who) {
		AtomicReference<JsonNode> last = new AtomicReference<>();
		Awaitility.await("batch " + id + " " + status)
			.atMost(TIMEOUT)
			.pollInterval(Duration.ofMillis(100))
			.untilAsserted(() -> {
				last.set(body(getAs("/api/batches/" + id, who)));
				assertThat(last.get().get("status").asString()).isEqualTo(status);
			});
		return last.get();
	}

	private JsonNode awaitCallback(UUID batch, String kind, String status, String... who) {
		AtomicReference<JsonNode> last = new AtomicReference<>();
		Awaitility.await("the " + kind + " callback of " + batch + " " + status)
			.atMost(TIMEOUT)
			.pollInterval(Duration.ofMillis(100))
			.untilAsserted(() -> {
				last.set(body(getAs("/api/batches/" + batch, who)).get("callbacks").get(kind));
				assertThat(last.get().get("status").asString()).isEqualTo(status);
			});
		return last.get();
	}

	private long batchesOf(String user) {
		return jdbc.sql("select count(*) from {jobs}.job_batch where created_by = :user")
			.param("user", user)
			.query(Long.class)
			.single();
	}

	private long jobsOf(String user) {
		return jdbc.sql("select count(*) from {jobs}.job where created_by = :user")
			.param("user", user)
			.query(Long.class)
			.single();
	}

	private static void assertProblem(HttpResponse<String> response, int status, String type) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
				v -> assertThat(v).startsWith("application/problem+json"));
		assertThat(response.body()).contains("/problems/" + type);
	}

	private List<String> fields(HttpResponse<String> problem) {
		return body(problem).get("errors").findValuesAsString("field");
	}

	@Test
	void batchSubmittedOverRestRunsEveryMemberAndFiresItsSuccessCallbackOnce() {
		String[] alice = user();

		HttpResponse<String> created = post("/api/batches",
				batch("{\"onSuccess\": " + record("all done") + ", \"onComplete\": " + record("ended") + "}",
						record("a"), record("b"), record("c")),
				alice);

		UUID id = batchId(created);
		assertThat(created.headers().firstValue("Location")).hasValue("/api/batches/" + id);
		JsonNode answer = body(created);
		assertThat(answer.get("members")).hasSize(3);
		answer.get("members").forEach(member -> {
			assertThat(member.get("type").asString()).isEqualTo("RECORD");
			assertThat(member.get("self").asString()).isEqualTo("/api/jobs/" + member.get("id").asString());
		});
		JsonNode callbacks = answer.get("batch").get("callbacks");
		assertThat(callbacks.get("onSuccess").get("status").asString()).isEqualTo("AWAITING");
		assertThat(callbacks.has("onFailure")).isFalse();
		assertThat(answer.get("batch").get("createdBy").asString()).isEqualTo(alice[1]);
		assertThat(answer.get("batch").get("total").asLong()).isEqualTo(3);
		assertThat(answer.get("batch").get("description").asString()).isEqualTo("test batch");

		JsonNode done = awaitBatch(id, "SUCCEEDED", alice);
		assertThat(done.get("succeeded").asLong()).isEqualTo(3);
		assertThat(done.get("ended").asLong()).isEqualTo(3);
		assertThat(done.get("progress").asDouble()).isEqualTo(1.0);
		assertThat(done.get("completedAt").isNull()).isFalse();
		JsonNode onSuccess = awaitCallback(id, "onSuccess", "SUCCEEDED", alice);
		UUID callback = UUID.fromString(onSuccess.get("id").asString());
		assertThat(TestHandlers.executions(callback)).isEqualTo(1);
		assertThat(body(getAs("/api/jobs/" + callback, alice)).get("createdBy").asString()).isEqualTo(alice[1]);
		awaitCallback(id, "onComplete", "SUCCEEDED", alice);
		answer.get("members")
			.forEach(member -> assertThat(TestHandlers.executions(UUID.fromString(member.get("id").asString())))
				.isEqualTo(1));
	}

	@Test
	void listingFiltersByStatusAndSubmitterAndShowsOthersOnlyTheirOwn() {
		String[] alice = user();
		String[] bob = user();
		UUID alices = batchId(post("/api/batches", batch(null, record("x")), alice));
		UUID failing = batchId(post("/api/batches", batch(null, reject("list")), alice));
		UUID bobs = batchId(post("/api/batches", batch(null, record("y")), bob));
		awaitBatch(alices, "SUCCEEDED", alice);
		awaitBatch(failing, "FAILED", alice);
		awaitBatch(bobs, "SUCCEEDED", bob);

		JsonNode own = body(getAs("/api/batches?size=200", alice));
		JsonNode succeeded = body(getAs("/api/batches?status=SUCCEEDED&size=200", alice));
		JsonNode bobAskingForAlices = body(getAs("/api/batches?createdBy=" + alice[1] + "&size=200", bob));
		JsonNode adminAskingForAlices = body(getAs("/api/batches?createdBy=" + alice[1], ADMIN));

		assertThat(own.get("items").findValuesAsString("id")).containsExactly(failing.toString(), alices.toString());
		assertThat(own.get("total").asLong()).isEqualTo(2);
		assertThat(succeeded.get("items").findValuesAsString("id")).containsExactly(alices.toString());
		assertThat(bobAskingForAlices.get("items").findValuesAsString("id")).containsExactly(bobs.toString());
		assertThat(adminAskingForAlices.get("items").findValuesAsString("id")).containsExactly(failing.toString(),
				alices.toString());
		assertThat(body(getAs("/api/batches?createdBy=" + alice[1], AUDITOR)).get("total").asLong()).isEqualTo(2);
		assertProblem(getAs("/api/batches?status=DONE", alice), 400, "invalid-request");
		assertProblem(getAs("/api/batches?page=-1", alice), 400, "invalid-request");
	}

	@Test
	void membersAreListedByStatusAndFailedOnesRetriedWhileTheFailureCallbackFiresOnce() {
		String[] alice = user();
		UUID id = batchId(post("/api/batches",
				batch("{\"onFailure\": " + record("something failed") + "}", record("fine"), reject("not today"),
						record("also fine")),
				alice));
		JsonNode failed = awaitBatch(id, "FAILED", alice);
		assertThat(failed.get("succeeded").asLong()).isEqualTo(2);
		assertThat(failed.get("failed").asLong()).isEqualTo(1);
		assertThat(failed.get("links").get("retryFailed").asString()).isEqualTo("/api/batches/" + id + "/retry-failed");
		awaitCallback(id, "onFailure", "SUCCEEDED", alice);

		JsonNode failedMembers = body(getAs("/api/batches/" + id + "/members?status=FAILED", alice));
		JsonNode allMembers = body(getAs("/api/batches/" + id + "/members?size=2", alice));

		assertThat(failedMembers.get("items")).hasSize(1);
		assertThat(failedMembers.get("items").get(0).get("type").asString()).isEqualTo("REJECT");
		assertThat(allMembers.get("total").asLong()).isEqualTo(3);
		assertThat(allMembers.get("items")).hasSize(2);
		UUID rejected = UUID.fromString(failedMembers.get("items").get(0).get("id").asString());

		HttpResponse<String> retried = post("/api/batches/" + id + "/retry-failed", "", alice);

		assertThat(retried.statusCode()).as(retried.body()).isEqualTo(200);
		assertThat(body(retried).get("retried").asInt()).isEqualTo(1);
		Awaitility.await("the rejected member's second attempt")
			.atMost(TIMEOUT)
			.until(() -> TestHandlers.executions(rejected) == 2);
		awaitBatch(id, "FAILED", alice);
		JsonNode onFailure = awaitCallback(id, "onFailure", "SUCCEEDED", alice);
		assertThat(TestHandlers.executions(UUID.fromString(onFailure.get("id").asString()))).isEqualTo(1);
		assertThat(body(getAs("/api/batches/" + id + "/members?status=SUCCEEDED", alice)).get("total").asLong())
			.isEqualTo(2);
		assertProblem(getAs("/api/batches/" + id + "/members?status=LOST", alice), 400, "invalid-request");
	}

	@Test
	void cancellingABatchCancelsItsWaitingMembersAndCallbacks() {
		String[] alice = user();
		String later = "{\"type\": \"RECORD\", \"payload\": {\"name\": \"later\"}, \"runAt\": \""
				+ Instant.now().plus(Duration.ofHours(1)) + "\"}";
		UUID id = batchId(post("/api/batches", batch("{\"onSuccess\": " + record("never") + "}", later, later),
				alice));

		HttpResponse<String> cancelled = post("/api/batches/" + id + "/cancel", "", alice);

		assertThat(cancelled.statusCode()).as(cancelled.body()).isEqualTo(200);
		assertThat(body(cancelled).get("status").asString()).isEqualTo("CANCELLED");
		assertThat(body(cancelled).get("cancelledAt").isNull()).isFalse();
		JsonNode batch = awaitBatch(id, "CANCELLED", alice);
		Awaitility.await("both members cancelled")
			.atMost(TIMEOUT)
			.until(() -> body(getAs("/api/batches/" + id + "/members?status=CANCELLED", alice)).get("total")
				.asLong() == 2);
		awaitCallback(id, "onSuccess", "CANCELLED", alice);
		assertThat(batch.get("links").has("cancel")).isFalse();
		assertThat(post("/api/batches/" + id + "/cancel", "", alice).statusCode()).isEqualTo(200);
	}

	@Test
	void sealingABatchIsRecordedOnTheBatchAndRepeatable() {
		String[] alice = user();
		String later = "{\"type\": \"RECORD\", \"payload\": {\"name\": \"later\"}, \"runAt\": \""
				+ Instant.now().plus(Duration.ofHours(1)) + "\"}";
		UUID id = batchId(post("/api/batches", batch(null, later), alice));
		assertThat(body(getAs("/api/batches/" + id, alice)).get("sealed").asBoolean()).isFalse();

		HttpResponse<String> sealed = post("/api/batches/" + id + "/seal", "", alice);

		assertThat(sealed.statusCode()).as(sealed.body()).isEqualTo(200);
		assertThat(body(sealed).get("sealed").asBoolean()).isTrue();
		assertThat(body(sealed).get("links").has("seal")).isFalse();
		assertThat(post("/api/batches/" + id + "/seal", "", alice).statusCode()).isEqualTo(200);
		assertThat(body(getAs("/api/batches/" + id, alice)).get("sealed").asBoolean()).isTrue();
		assertThat(post("/api/batches/" + id + "/cancel", "", alice).statusCode()).isEqualTo(200);

		String[] bob = user();
		String sealedAtOnce = "{\"sealed\": true, \"members\": [" + later + "]}";
		UUID other = batchId(post("/api/batches", sealedAtOnce, bob));
		assertThat(body(getAs("/api/batches/" + other, bob)).get("sealed").asBoolean()).isTrue();
		assertThat(post("/api/batches/" + other + "/cancel", "", bob).statusCode()).isEqualTo(200);
	}

	@Test
	void everyMembersAndCallbacksTypeNeedsTheCallersSubmitRolesAndARefusalWritesNothing() {
		String[] alice = user();

		HttpResponse<String> member = post("/api/batches",
				batch(null, record("ok"), "{\"type\": \"NOOP\"}", record("ok too")), alice);
		HttpResponse<String> callback = post("/api/batches",
				batch("{\"onSuccess\": {\"type\": \"NOOP\"}}", record("ok")), alice);

		assertProblem(member, 403, "forbidden");
		assertThat(fields(member)).containsExactly("members[1].type");
		assertThat(body(member).get("detail").asString()).contains("NOOP");
		assertProblem(callback, 403, "forbidden");
		assertThat(fields(callback)).containsExactly("callbacks.onSuccess.type");
		assertThat(batchesOf(alice[1])).isZero();
		assertThat(jobsOf(alice[1])).isZero();
		assertProblem(post("/api/batches", batch(null, record("read only")), AUDITOR), 403, "forbidden");

		HttpResponse<String> byAdmin = post("/api/batches",
				batch("{\"onSuccess\": {\"type\": \"NOOP\"}}", "{\"type\": \"NOOP\"}"), ADMIN);
		awaitBatch(batchId(byAdmin), "SUCCEEDED", ADMIN);
	}

	@Test
	void someoneElsesBatchIsNotFoundForEveryActionWhileAdminsAndReadersSeeIt() {
		String[] alice = user();
		String[] bob = user();
		UUID id = batchId(post("/api/batches", batch(null, reject("mine")), alice));
		awaitBatch(id, "FAILED", alice);

		for (String path : List.of("/api/batches/" + id, "/api/batches/" + id + "/members")) {
			assertProblem(getAs(path, bob), 404, "batch-not-found");
		}
		for (String action : List.of("cancel", "retry-failed", "seal")) {
			assertProblem(post("/api/batches/" + id + "/" + action, "", bob), 404, "batch-not-found");
		}
		assertThat(body(getAs("/api/batches/" + id, bob)).get("detail").asString())
			.isEqualTo(body(getAs("/api/batches/" + UUID.randomUUID(), bob)).get("detail")
				.asString()
				.replaceAll("[0-9a-f-]{36}", id.toString()));

		assertThat(getAs("/api/batches/" + id, ADMIN).statusCode()).isEqualTo(200);
		assertThat(getAs("/api/batches/" + id + "/members", AUDITOR).statusCode()).isEqualTo(200);
		assertProblem(post("/api/batches/" + id + "/cancel", "", AUDITOR), 403, "forbidden");
		assertProblem(post("/api/batches/" + id + "/retry-failed", "", AUDITOR), 403, "forbidden");
		assertProblem(getAs("/api/batches/not-a-uuid", alice), 400, "invalid-request");
		assertThat(body(getAs("/api/batches/" + id, alice)).get("failed").asLong()).isEqualTo(1);
	}

	@Test
	void refusedFieldsAreNamedAsInTheRequestAndNothingIsWritten() {
		String[] alice = user();

		HttpResponse<String> payload = post("/api/batches",
				batch(null, record("ok"), "{\"type\": \"RECORD\", \"payload\": {\"name\": \"\", \"sleepMillis\": -1}}"),
				alice);
		HttpResponse<String> callbackPayload = post("/api/batches",
				batch("{\"onComplete\": {\"type\": \"RECORD\", \"payload\": {\"sleepMillis\": 0}}}", record("ok")),
				alice);
		HttpResponse<String> envelope = post("/api/batches",
				"{\"description\": \"" + "d".repeat(501) + "\", \"members\": [{\"type\": \"RECORD\", \"priority\": 12}],"
						+ " \"callbacks\": {\"onSuccess\": {\"type\": \"\"}}}",
				alice);
		HttpResponse<String> unknownCallback = post("/api/batches",
				batch("{\"onSucess\": " + record("typo") + "}", record("ok")), alice);
		HttpResponse<String> unknownType = post("/api/batches",
				batch(null, record("ok"), "{\"type\": \"NO_SUCH_TYPE\"}"), alice);
		HttpResponse<String> empty = post("/api/batches", "{\"members\": []}", alice);
		HttpResponse<String> missing = post("/api/batches", "{}", alice);
		HttpResponse<String> badJson = post("/api/batches", "{\"members\": [", alice);
		HttpResponse<String> wrongType = post("/api/batches", "{\"members\": [{\"type\": \"RECORD\", \"priority\": "
				+ "\"high\"}]}", alice);

		assertProblem(payload, 400, "invalid-payload");
		assertThat(fields(payload)).containsExactlyInAnyOrder("members[1].payload.name",
				"members[1].payload.sleepMillis");
		assertProblem(callbackPayload, 400, "invalid-payload");
		assertThat(fields(callbackPayload)).containsExactly("callbacks.onComplete.payload.name");
		assertProblem(envelope, 400, "invalid-request");
		assertThat(fields(envelope)).containsExactly("callbacks.onSuccess.type", "description",
				"members[0].priority");
		assertProblem(unknownCallback, 400, "invalid-request");
		assertThat(fields(unknownCallback)).containsExactly("callbacks.onSucess");
		assertProblem(unknownType, 400, "invalid-request");
		assertThat(fields(unknownType)).containsExactly("members[1].type");
		assertProblem(empty, 400, "invalid-request");
		assertThat(fields(empty)).containsExactly("members");
		assertProblem(missing, 400, "invalid-request");
		assertProblem(badJson, 400, "malformed-json");
		assertProblem(wrongType, 400, "invalid-request");
		assertThat(fields(wrongType)).containsExactly("members[0].priority");
		assertThat(batchesOf(alice[1])).isZero();
		assertThat(jobsOf(alice[1])).isZero();
	}

	@Test
	void moreMembersThanTheBulkLimitAreRefused() {
		String[] alice = user();
		List<String> members = new ArrayList<>();
		for (int i = 0; i < 1001; i++) {
			members.add("{\"type\":\"RECORD\",\"payload\":{\"name\":\"n\"}}");
		}

		HttpResponse<String> tooMany = post("/api/batches", batch(null, members.toArray(String[]::new)), alice);

		assertProblem(tooMany, 400, "invalid-request");
		assertThat(fields(tooMany)).containsExactly("members");
		assertThat(body(tooMany).get("detail").asString()).contains("1 to 1000 jobs");
		assertThat(batchesOf(alice[1])).isZero();
	}

	@Test
	void theSubmittersActiveLimitCountsEveryMemberAndARefusedBatchWritesNothing() {
		workers.stopConsuming("LAGGY");
		try {
			String[] carol = user();
			String laggy = "{\"type\": \"LAGGY\", \"payload\": {\"name\": \"busy\"}}";

			HttpResponse<String> three = post("/api/batches", batch(null, laggy, laggy, laggy), carol);

			assertProblem(three, 429, "too-many-active-jobs");
			assertThat(three.headers().firstValue("Retry-After")).hasValue("30");
			assertThat(batchesOf(carol[1])).isZero();
			assertThat(jobsOf(carol[1])).isZero();
			UUID two = batchId(post("/api/batches", batch(null, laggy, laggy), carol));
			assertThat(post("/api/batches/" + two + "/cancel", "", carol).statusCode()).isEqualTo(200);
		}
		finally {
			workers.startConsuming("LAGGY");
		}
	}

	@Test
	void oneIdempotencyKeyForTwoDifferentMembersIsA422NamingTheLaterOne() {
		String[] alice = user();
		String key = "batch-key-" + UUID.randomUUID();

		HttpResponse<String> refused = post("/api/batches", batch(null,
				"{\"type\": \"RECORD\", \"payload\": {\"name\": \"one\"}, \"idempotencyKey\": \"" + key + "\"}",
				record("between"),
				"{\"type\": \"RECORD\", \"payload\": {\"name\": \"two\"}, \"idempotencyKey\": \"" + key + "\"}"),
				alice);

		assertProblem(refused, 422, "idempotency-conflict");
		assertThat(fields(refused)).containsExactly("members[2].idempotencyKey");
		assertThat(body(refused).get("errors").get(0).get("reason").asString()).contains("members[0]");
		assertThat(jobsOf(alice[1])).isZero();
	}

}
