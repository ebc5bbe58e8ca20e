package dev.jobs.app.jobs;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import dev.jobs.app.IntegrationTest;
import dev.jobs.app.security.Role;
import dev.jobs.core.JobStatus;
import dev.jobs.core.delivery.Workers;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code POST /api/jobs/bulk} against the real PostgreSQL and RabbitMQ: all or none, every refused item named
 * as {@code jobs[i].field}, the same roles, limits, idempotency and operation-log entries per job as
 * {@code POST /api/jobs}, and the same CSRF and API-token rules.
 */
class BulkSubmissionIntegrationTest extends IntegrationTest {

	private static final String NOOP = "{\"type\": \"NOOP\", \"payload\": {}}";

	private static final String EXPORT = "{\"type\": \"EMPLOYEE_EXPORT\", \"payload\": {\"format\": \"CSV\"}}";

	@Autowired
	Workers workers;

	private static String bulk(String... items) {
		return "{\"jobs\": [" + String.join(",", items) + "]}";
	}

	private static String sleep(long millis) {
		return "{\"type\": \"SLEEP\", \"payload\": {\"millis\": " + millis + "}}";
	}

	private static String keyed(String key, String type, String payload) {
		return "{\"type\": \"" + type + "\", \"payload\": " + payload + ", \"idempotencyKey\": \"" + key + "\"}";
	}

	private static String unique(String prefix) {
		return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
	}

	private int jobsWithKeyPrefix(String prefix) {
		return jdbc.sql("select count(*) from {jobs}.job where idempotency_key like ?")
			.params(prefix + "%")
			.query(Integer.class)
			.single();
	}

	private List<UUID> ids(HttpResponse<byte[]> response) {
		List<UUID> ids = new ArrayList<>();
		body(response).get("jobs").forEach(job -> ids.add(UUID.fromString(job.get("id").asString())));
		return ids;
	}

	private void awaitSucceeded(List<UUID> ids) {
		ids.forEach(id -> awaitStatus(id, Set.of(JobStatus.SUCCEEDED), JOB_TIMEOUT));
	}

	@Test
	void jobsAreStoredTogetherAndAnsweredInTheRequestsOrder() {
		HttpResponse<byte[]> response = post("/api/jobs/bulk", bulk(NOOP, sleep(1), NOOP), Account.ADMIN);

		assertThat(response.statusCode()).as(new String(response.body())).isEqualTo(201);
		JsonNode jobs = body(response).get("jobs");
		assertThat(jobs).hasSize(3);
		assertThat(jobs.get(0).get("type").asString()).isEqualTo("NOOP");
		assertThat(jobs.get(1).get("type").asString()).isEqualTo("SLEEP");
		assertThat(jobs.get(2).get("type").asString()).isEqualTo("NOOP");
		jobs.forEach(job -> {
			assertThat(job.get("replayed").asBoolean()).isFalse();
			assertThat(job.get("self").asString()).isEqualTo("/api/jobs/" + job.get("id").asString());
		});
		List<UUID> ids = ids(response);
		assertThat(Set.copyOf(ids)).hasSize(3);
		awaitSucceeded(ids);
		assertThat(jdbc.sql("select count(*) from {jobs}.job where id in (:ids) and created_by = :by")
			.param("ids", ids)
			.param("by", Account.ADMIN.username())
			.query(Integer.class)
			.single()).isEqualTo(3);
	}

	@Test
	void oneBadItemWritesNothingAndTheProblemListsEveryRefusedField() {
		String marker = unique("all-or-none");

		HttpResponse<byte[]> refused = post("/api/jobs/bulk",
				bulk(keyed(marker + "-0", "SLEEP", "{\"millis\": 1}"),
						keyed(marker + "-1", "SLEEP", "{\"millis\": -5}"), keyed(marker + "-2", "NOOP", "{}"),
						keyed(marker + "-3", "SLEEP", "{\"millis\": 1, \"failTimes\": 500}")),
				Account.ADMIN);

		JsonNode problem = assertProblem(refused, 400, "invalid-payload");
		assertThat(problem.get("errors").findValuesAsString("field")).contains("jobs[1].payload.millis",
				"jobs[3].payload.failTimes");
		assertThat(jobsWithKeyPrefix(marker)).isZero();

		HttpResponse<byte[]> badFields = post("/api/jobs/bulk", bulk(keyed(marker + "-4", "NOOP", "{}"),
				"{\"type\": \"\", \"payload\": {}}", "{\"type\": \"NOOP\", \"priority\": 12}"), Account.ADMIN);
		JsonNode invalid = assertProblem(badFields, 400, "invalid-request");
		assertThat(invalid.get("errors").findValuesAsString("field")).contains("jobs[1].type", "jobs[2].priority");

		HttpResponse<byte[]> unknown = post("/api/jobs/bulk", bulk(keyed(marker + "-5", "NOOP", "{}"),
				"{\"type\": \"NO_SUCH_TYPE\"}", "{\"type\": \"NOOP\", \"idempotencyKey\": \"with space\"}"),
				Account.ADMIN);
		assertThat(assertProblem(unknown, 400, "invalid-request").get("errors").findValuesAsString("field"))
			.containsExactlyInAnyOrder("jobs[1].type", "jobs[2].idempotencyKey");
		assertThat(jobsWithKeyPrefix(marker)).isZero();
	}

	@Test
	void emptyAndOversizedListsAreRefusedNamingTheLimit() {
		JsonNode empty = assertProblem(post("/api/jobs/bulk", bulk(), Account.ADMIN), 400, "invalid-request");
		assertThat(empty.get("errors").findValuesAsString("field")).containsExactly("jobs");

		String[] items = new String[1001];
		java.util.Arrays.fill(items, "{\"type\":\"NOOP\"}");
		HttpResponse<byte[]> tooMany = post("/api/jobs/bulk", bulk(items), Account.ADMIN);

		JsonNode problem = assertProblem(tooMany, 400, "invalid-request");
		assertThat(problem.get("errors").findValuesAsString("field")).containsExactly("jobs");
		assertThat(problem.get("detail").asString()).contains("1 to 1000 jobs");
	}

	@Test
	void bodyOverTheRequestSizeLimitIs413AsOnEveryPath() {
		String big = "{\"type\": \"SLEEP\", \"payload\": {\"millis\": 1, \"pad\": \"" + "x".repeat(300_000) + "\"}}";

		assertProblem(post("/api/jobs/bulk", bulk(big), Account.ADMIN), 413, "payload-too-large");
	}

	@Test
	void eachItemNeedsTheSubmitRolesOfItsTypeAndARefusalNamesTheItems() {
		String marker = unique("roles");
		String payload = "{\"format\": \"CSV\"}";

		HttpResponse<byte[]> refused = post("/api/jobs/bulk", bulk(keyed(marker + "-0", "EMPLOYEE_EXPORT", payload),
				NOOP, keyed(marker + "-2", "EMPLOYEE_EXPORT", payload)), Account.MANAGER);

		JsonNode problem = assertProblem(refused, 403, "forbidden");
		assertThat(problem.get("errors").findValuesAsString("field")).containsExactly("jobs[1].type");
		assertThat(problem.get("detail").asString()).contains("NOOP");
		assertThat(jobsWithKeyPrefix(marker)).isZero();
		// The app refuses read-only roles before the controller, as on every state-changing path.
		assertProblem(post("/api/jobs/bulk", bulk(NOOP), Account.AUDITOR), 403, "read-only-role");
	}

	@Test
	void activeJobLimitHoldsOnTheBulkPath() {
		workers.stopConsuming("EMPLOYEE_EXPORT");
		List<UUID> accepted = new ArrayList<>();
		try {
			String name = unique("bulk-limited");
			users.create(name, "Limited", null, Role.MANAGER, "limited-password-1");
			String basic = "Basic " + java.util.Base64.getEncoder()
				.encodeToString((name + ":limited-password-1").getBytes(StandardCharsets.UTF_8));

			HttpResponse<byte[]> four = postAs(basic, bulk(EXPORT, EXPORT, EXPORT, EXPORT));

			assertProblem(four, 429, "too-many-active-jobs");
			assertThat(four.headers().firstValue("Retry-After")).isPresent();
			assertThat(jdbc.sql("select count(*) from {jobs}.job where created_by = ?").params(name).query(Integer.class)
				.single()).isZero();

			HttpResponse<byte[]> three = postAs(basic, bulk(EXPORT, EXPORT, EXPORT));
			assertThat(three.statusCode()).as(new String(three.body())).isEqualTo(201);
			accepted.addAll(ids(three));
			assertProblem(postAs(basic, bulk(EXPORT)), 429, "too-many-active-jobs");
		}
		finally {
			workers.startConsuming("EMPLOYEE_EXPORT");
		}
		awaitSucceeded(accepted);
	}

	@Test
	void itemWithAKeyUsedBeforeReturnsThatJobFlaggedAsReplayed() {
		String key = unique("bulk-key");
		HttpResponse<byte[]> first = post("/api/jobs/bulk", bulk(keyed(key, "SLEEP", "{\"millis\": 1}")),
				Account.ADMIN);
		assertThat(first.statusCode()).as(new String(first.body())).isEqualTo(201);
		UUID firstId = ids(first).get(0);

		HttpResponse<byte[]> again = post("/api/jobs/bulk",
				bulk(NOOP, keyed(key, "SLEEP", "{\"millis\": 1}"), keyed(key, "SLEEP", "{\"millis\": 1}")),
				Account.ADMIN);

		assertThat(again.statusCode()).as(new String(again.body())).isEqualTo(201);
		JsonNode jobs = body(again).get("jobs");
		assertThat(jobs.get(0).get("replayed").asBoolean()).isFalse();
		assertThat(jobs.get(1).get("id").asString()).isEqualTo(firstId.toString());
		assertThat(jobs.get(1).get("replayed").asBoolean()).isTrue();
		assertThat(jobs.get(2).get("id").asString()).isEqualTo(firstId.toString());
		assertThat(jobs.get(2).get("replayed").asBoolean()).isTrue();

		HttpResponse<byte[]> allReplayed = post("/api/jobs/bulk", bulk(keyed(key, "SLEEP", "{\"millis\": 1}")),
				Account.ADMIN);
		assertThat(allReplayed.statusCode()).isEqualTo(200);
		assertThat(ids(allReplayed)).containsExactly(firstId);

		HttpResponse<byte[]> otherPayload = post("/api/jobs/bulk", bulk(NOOP, keyed(key, "SLEEP", "{\"millis\": 7}")),
				Account.ADMIN);
		JsonNode conflict = assertProblem(otherPayload, 422, "idempotency-conflict");
		assertThat(conflict.get("errors").findValuesAsString("field")).containsExactly("jobs[1].idempotencyKey");
		awaitSucceeded(List.of(firstId, ids(again).get(0)));
	}

	@Test
	void sameKeyTwiceInOneRequestWithAnotherPayloadNamesBothItemsAndWritesNothing() {
		String key = unique("bulk-twice");

		HttpResponse<byte[]> refused = post("/api/jobs/bulk", bulk(keyed(key, "SLEEP", "{\"millis\": 1}"), NOOP,
				keyed(key, "SLEEP", "{\"millis\": 2}")), Account.ADMIN);

		JsonNode problem = assertProblem(refused, 422, "idempotency-conflict");
		assertThat(problem.get("errors").findValuesAsString("field")).containsExactly("jobs[2].idempotencyKey");
		assertThat(problem.get("errors").get(0).get("reason").asString()).contains("jobs[0]");
		assertThat(jdbc.sql("select count(*) from {jobs}.job where idempotency_key = ?").params(key).query(Integer.class)
			.single()).isZero();
	}

	@Test
	void everyJobGetsTheOperationLogEntryOfASingleSubmission() {
		HttpResponse<byte[]> response = post("/api/jobs/bulk", bulk(NOOP, sleep(1), NOOP), Account.ADMIN);
		assertThat(response.statusCode()).isEqualTo(201);
		List<UUID> ids = ids(response);

		for (UUID id : ids) {
			String type = (id.equals(ids.get(1))) ? "SLEEP" : "NOOP";
			await("the JOB_SUBMIT entry of " + id).atMost(Duration.ofSeconds(20))
				.pollInterval(Duration.ofMillis(100))
				.until(() -> jdbc.sql("select count(*) from {jobs}.operation_log where action = 'JOB_SUBMIT' and target = ?"
						+ " and outcome = 'SUCCESS' and message = ? and username = ? and path = '/api/jobs/bulk'")
					.params(type, "submitted a " + type + " job, id " + id, Account.ADMIN.username())
					.query(Integer.class)
					.single() == 1);
		}
		awaitSucceeded(ids);

		HttpResponse<byte[]> refused = post("/api/jobs/bulk", bulk(EXPORT, NOOP), Account.MANAGER);
		assertThat(refused.statusCode()).isEqualTo(403);
		await("a failure entry per refused job").atMost(Duration.ofSeconds(20))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> jdbc.sql("select count(*) from {jobs}.operation_log where action = 'JOB_SUBMIT' and outcome = 'FAILURE'"
					+ " and username = ? and path = '/api/jobs/bulk' and message like ?")
				.params(Account.MANAGER.username(), "could not submit a % job: Your roles may not submit some%")
				.query(Integer.class)
				.single() >= 2);
	}

	@Test
	void apiTokenMaySubmitInBulkWithoutCsrfButABrowserSessionNeedsItsToken() throws Exception {
		String bearer = "Bearer " + body(post("/api/tokens", "{\"name\": \"bulk\"}", Account.ADMIN)).get("token")
			.asString();
		HttpResponse<byte[]> byToken = send(HttpRequest.newBuilder(url("/api/jobs/bulk"))
			.header("Authorization", bearer)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(bulk(NOOP))));
		assertThat(byToken.statusCode()).as(new String(byToken.body())).isEqualTo(201);
		List<UUID> ids = new ArrayList<>(ids(byToken));

		HttpClient browser = signedInBrowser(Account.ADMIN);
		String marker = unique("csrf");
		String item = keyed(marker, "NOOP", "{}");
		HttpResponse<String> forged = browser.send(HttpRequest.newBuilder(url("/api/jobs/bulk"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(bulk(NOOP)))
			.build(), HttpResponse.BodyHandlers.ofString());
		HttpResponse<String> crossSite = send(browser, HttpRequest.newBuilder(url("/api/jobs/bulk"))
			.header("Authorization", bearer)
			.header("Content-Type", "application/json")
			.header("Sec-Fetch-Site", "cross-site")
			.POST(HttpRequest.BodyPublishers.ofString(bulk(NOOP))));
		HttpResponse<String> genuine = browser.send(HttpRequest.newBuilder(url("/api/jobs/bulk"))
			.header("Content-Type", "application/json")
			.header("X-CSRF-TOKEN", csrf(browser))
			.POST(HttpRequest.BodyPublishers.ofString(bulk(NOOP)))
			.build(), HttpResponse.BodyHandlers.ofString());
		HttpResponse<byte[]> anonymous = post("/api/jobs/bulk", bulk(item), null);

		assertThat(forged.statusCode()).isEqualTo(403);
		assertThat(forged.body()).contains("CSRF");
		assertThat(crossSite.statusCode()).isEqualTo(403);
		assertThat(genuine.statusCode()).as(genuine.body()).isEqualTo(201);
		assertProblem(anonymous, 401, "unauthorized");
		assertThat(jobsWithKeyPrefix(marker)).isZero();
		ids.addAll(ids(genuine.body()));
		awaitSucceeded(ids);
	}

	private List<UUID> ids(String body) {
		List<UUID> ids = new ArrayList<>();
		json.readTree(body).get("jobs").forEach(job -> ids.add(UUID.fromString(job.get("id").asString())));
		return ids;
	}

	private static HttpResponse<String> send(HttpClient client, HttpRequest.Builder request) throws Exception {
		return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<byte[]> postAs(String authorization, String body) {
		return send(HttpRequest.newBuilder(url("/api/jobs/bulk"))
			.header("Authorization", authorization)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body)));
	}

}
