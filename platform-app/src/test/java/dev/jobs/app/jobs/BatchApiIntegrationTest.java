package dev.jobs.app.jobs;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import dev.jobs.app.IntegrationTest;
import dev.jobs.core.JobStatus;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code /api/batches} and {@code /api/workflows} in the platform, with Spring Security in front: the same rules as
 * the job endpoints (an auditor changes nothing, a user sees only their own batches, a browser session needs its
 * CSRF token, an API token may submit), and every action in the operation log.
 */
class BatchApiIntegrationTest extends IntegrationTest {

	private static final String NOOP = "{\"type\": \"NOOP\", \"payload\": {}}";

	private static String batch(String... members) {
		return "{\"description\": \"app batch\", \"members\": [" + String.join(",", members) + "], "
				+ "\"callbacks\": {\"onComplete\": " + NOOP + "}}";
	}

	private UUID batchId(HttpResponse<?> created) {
		assertThat(created.statusCode()).as(String.valueOf(created.body())).isEqualTo(201);
		JsonNode body = (created.body() instanceof byte[] bytes) ? json.readTree(bytes)
				: json.readTree((String) created.body());
		return UUID.fromString(body.get("batch").get("id").asString());
	}

	private void awaitBatch(UUID id, String status) {
		await("batch " + id + " " + status).atMost(JOB_TIMEOUT)
			.pollInterval(Duration.ofMillis(100))
			.until(() -> status.equals(body(get("/api/batches/" + id, Account.ADMIN)).get("status").asString()));
	}

	private void awaitLogged(String action, String target, String message) {
		await(action + " of " + target).atMost(Duration.ofSeconds(20))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> jdbc.sql("select count(*) from {jobs}.operation_log where action = ? and target = ? "
					+ "and outcome = 'SUCCESS' and username = ? and message like ?")
				.params(action, target, Account.ADMIN.username(), message)
				.query(Integer.class)
				.single() >= 1);
	}

	@Test
	void batchRunsAndEveryActionIsRecordedInTheOperationLog() {
		HttpResponse<byte[]> created = post("/api/batches",
				batch(NOOP, "{\"type\": \"SLEEP\", \"payload\": {\"millis\": 1, \"failTimes\": 1}}"), Account.ADMIN);
		UUID id = batchId(created);
		List<UUID> members = new ArrayList<>();
		body(created).get("members").forEach(m -> members.add(UUID.fromString(m.get("id").asString())));
		awaitBatch(id, "FAILED");

		assertThat(post("/api/batches/" + id + "/retry-failed", null, Account.ADMIN).statusCode()).isEqualTo(200);
		awaitBatch(id, "SUCCEEDED");
		assertThat(post("/api/batches/" + id + "/seal", null, Account.ADMIN).statusCode()).isEqualTo(200);
		assertThat(post("/api/batches/" + id + "/cancel", null, Account.ADMIN).statusCode()).isEqualTo(200);

		awaitLogged("BATCH_CREATE", id.toString(), "created batch " + id + " of 2 job(s) with callbacks [onComplete]");
		awaitLogged("BATCH_RETRY_FAILED", id.toString(), "retried 1 failed or cancelled member(s) of batch " + id);
		awaitLogged("BATCH_SEAL", id.toString(), "sealed batch " + id + "%");
		awaitLogged("BATCH_CANCEL", id.toString(), "cancelled batch " + id + "%");
		for (UUID member : members) {
			await("the JOB_SUBMIT entry of member " + member).atMost(Duration.ofSeconds(20))
				.pollInterval(Duration.ofMillis(100))
				.until(() -> jdbc.sql("select count(*) from {jobs}.operation_log where action = 'JOB_SUBMIT' "
						+ "and outcome = 'SUCCESS' and path = '/api/batches' and message like ?")
					.params("submitted a % job, id " + member)
					.query(Integer.class)
					.single() == 1);
		}

		HttpResponse<byte[]> workflow = post("/api/workflows", "{\"steps\": [{\"name\": \"first\", \"type\": \"NOOP\"}, "
				+ "{\"name\": \"second\", \"type\": \"NOOP\", \"after\": [\"first\"]}]}", Account.ADMIN);
		assertThat(workflow.statusCode()).as(new String(workflow.body())).isEqualTo(201);
		UUID second = UUID.fromString(body(workflow).get("steps").get("second").get("id").asString());
		UUID first = UUID.fromString(body(workflow).get("steps").get("first").get("id").asString());
		awaitStatus(second, Set.of(JobStatus.SUCCEEDED), JOB_TIMEOUT);
		awaitLogged("WORKFLOW_SUBMIT", "/api/jobs/" + first + "/workflow",
				"submitted a workflow of 2 step(s): [first, second]");
	}

	@Test
	void auditorReadsEveryBatchButChangesNothing() {
		UUID id = batchId(post("/api/batches", batch(NOOP), Account.ADMIN));
		awaitBatch(id, "SUCCEEDED");

		assertThat(get("/api/batches/" + id, Account.AUDITOR).statusCode()).isEqualTo(200);
		assertThat(get("/api/batches/" + id + "/members", Account.AUDITOR).statusCode()).isEqualTo(200);
		assertThat(body(get("/api/batches?createdBy=" + Account.ADMIN.username() + "&size=200", Account.AUDITOR))
			.get("items")
			.findValuesAsString("id")).contains(id.toString());
		assertProblem(post("/api/batches", batch(NOOP), Account.AUDITOR), 403, "read-only-role");
		assertProblem(post("/api/workflows", "{\"steps\": [{\"name\": \"a\", \"type\": \"NOOP\"}]}", Account.AUDITOR),
				403, "read-only-role");
		for (String action : List.of("cancel", "retry-failed", "seal")) {
			assertProblem(post("/api/batches/" + id + "/" + action, null, Account.AUDITOR), 403, "read-only-role");
		}
		assertThat(body(get("/api/batches/" + id, Account.ADMIN)).get("status").asString()).isEqualTo("SUCCEEDED");
	}

	@Test
	void userCannotSeeOrSteerSomeoneElsesBatchNorSubmitTypesTheirRoleMayNot() {
		UUID id = batchId(post("/api/batches", batch(NOOP), Account.ADMIN));
		UUID member = UUID.fromString(body(get("/api/batches/" + id + "/members", Account.ADMIN)).get("items")
			.get(0)
			.get("id")
			.asString());

		assertProblem(get("/api/batches/" + id, Account.USER), 404, "batch-not-found");
		assertProblem(get("/api/batches/" + id + "/members", Account.USER), 404, "batch-not-found");
		for (String action : List.of("cancel", "retry-failed", "seal")) {
			assertProblem(post("/api/batches/" + id + "/" + action, null, Account.USER), 404, "batch-not-found");
		}
		assertProblem(get("/api/jobs/" + member + "/workflow", Account.USER), 404, "job-not-found");
		assertThat(body(get("/api/batches?createdBy=" + Account.ADMIN.username() + "&size=200", Account.USER))
			.get("items")
			.findValuesAsString("createdBy")).doesNotContain(Account.ADMIN.username());

		JsonNode refused = assertProblem(post("/api/batches",
				batch("{\"type\": \"EMPLOYEE_EXPORT\", \"payload\": {\"format\": \"CSV\"}}", NOOP), Account.MANAGER),
				403, "forbidden");
		assertThat(refused.get("errors").findValuesAsString("field")).containsExactly("members[1].type",
				"callbacks.onComplete.type");
		assertThat(jdbc.sql("select count(*) from {jobs}.job_batch where created_by = ?")
			.params(Account.MANAGER.username())
			.query(Integer.class)
			.single()).isZero();
		awaitBatch(id, "SUCCEEDED");
	}

	@Test
	void browserSessionNeedsItsCsrfTokenAndCrossSiteRequestsAreRefusedWhileATokenMaySubmit() throws Exception {
		String bearer = "Bearer " + body(post("/api/tokens", "{\"name\": \"batches\"}", Account.ADMIN)).get("token")
			.asString();
		List<UUID> batches = new ArrayList<>();
		HttpResponse<byte[]> byToken = send(HttpRequest.newBuilder(url("/api/batches"))
			.header("Authorization", bearer)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(batch(NOOP))));
		batches.add(batchId(byToken));

		HttpClient browser = signedInBrowser(Account.ADMIN);
		HttpResponse<String> forged = browser.send(HttpRequest.newBuilder(url("/api/batches"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(batch(NOOP)))
			.build(), HttpResponse.BodyHandlers.ofString());
		HttpResponse<String> forgedCancel = browser.send(HttpRequest.newBuilder(url("/api/batches/" + batches.get(0)
				+ "/cancel")).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
		HttpResponse<String> forgedWorkflow = browser.send(HttpRequest.newBuilder(url("/api/workflows"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"steps\": [{\"name\": \"a\", \"type\": \"NOOP\"}]}"))
			.build(), HttpResponse.BodyHandlers.ofString());
		HttpResponse<byte[]> crossSite = send(HttpRequest.newBuilder(url("/api/batches"))
			.header("Authorization", bearer)
			.header("Content-Type", "application/json")
			.header("Sec-Fetch-Site", "cross-site")
			.POST(HttpRequest.BodyPublishers.ofString(batch(NOOP))));
		HttpResponse<String> genuine = browser.send(HttpRequest.newBuilder(url("/api/batches"))
			.header("Content-Type", "application/json")
			.header("X-CSRF-TOKEN", csrf(browser))
			.POST(HttpRequest.BodyPublishers.ofString(batch(NOOP)))
			.build(), HttpResponse.BodyHandlers.ofString());
		HttpResponse<byte[]> anonymous = post("/api/batches", batch(NOOP), null);

		assertThat(forged.statusCode()).isEqualTo(403);
		assertThat(forged.body()).contains("CSRF");
		assertThat(forgedCancel.statusCode()).isEqualTo(403);
		assertThat(forgedWorkflow.statusCode()).isEqualTo(403);
		assertThat(crossSite.statusCode()).isEqualTo(403);
		batches.add(batchId(genuine));
		assertProblem(anonymous, 401, "unauthorized");
		assertThat(body(get("/api/batches/" + batches.get(0), Account.ADMIN)).get("status").asString())
			.isNotEqualTo("CANCELLED");
		batches.forEach(id -> awaitBatch(id, "SUCCEEDED"));
	}

}
