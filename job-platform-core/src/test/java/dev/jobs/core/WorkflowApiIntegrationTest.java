package dev.jobs.core;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /api/workflows}, {@code GET /api/jobs/{id}/workflow} and {@code dependsOn} on {@code POST /api/jobs}
 * and {@code POST /api/jobs/bulk}, through the real services: steps run in order, a bad graph is a 400 naming the
 * step, and a job may wait only for jobs its submitter may see.
 */
class WorkflowApiIntegrationTest extends IntegrationTest {

	private static final String[] ADMIN = { "X-Test-User", "root", "X-Test-Roles", "SUPER_ADMIN" };

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static String[] user() {
		return new String[] { "X-Test-User", "flow-" + UUID.randomUUID(), "X-Test-Roles", "USER" };
	}

	private static String step(String name, String type, String payload, String... after) {
		String names = String.join(",", List.of(after).stream().map(a -> "\"" + a + "\"").toList());
		return "{\"name\": \"" + name + "\", \"type\": \"" + type + "\", \"payload\": " + payload + ", \"after\": ["
				+ names + "]}";
	}

	private static String record(String name) {
		return "{\"name\": \"" + name + "\", \"sleepMillis\": 0}";
	}

	private static String workflow(String... steps) {
		return "{\"steps\": [" + String.join(",", steps) + "]}";
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

	private long jobsOf(String user) {
		return jdbc.sql("select count(*) from {jobs}.job where created_by = :user")
			.param("user", user)
			.query(Long.class)
			.single();
	}

	private UUID id(JsonNode steps, String name) {
		return UUID.fromString(steps.get(name).get("id").asString());
	}

	@Test
	void workflowRunsInOrderAndItsGraphShowsEveryStepWithItsEdges() {
		String[] alice = user();

		HttpResponse<String> created = post("/api/workflows",
				workflow(step("charge", "RECORD", record("charge")), step("ship", "RECORD", record("ship"), "charge"),
						step("notify", "RECORD", record("notify"), "ship")),
				alice);

		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		JsonNode steps = body(created).get("steps");
		assertThat(steps.propertyNames()).containsExactly("charge", "ship", "notify");
		UUID charge = id(steps, "charge");
		UUID ship = id(steps, "ship");
		UUID notify = id(steps, "notify");
		assertThat(created.headers().firstValue("Location")).hasValue("/api/jobs/" + charge + "/workflow");
		assertThat(steps.get("notify").get("status").asString()).isEqualTo("AWAITING");

		JobView last = awaitStatus(notify, JobStatus.SUCCEEDED, TIMEOUT);
		JobView first = jobs.find(charge).orElseThrow();
		JobView middle = jobs.find(ship).orElseThrow();
		assertThat(middle.startedAt()).isAfterOrEqualTo(first.finishedAt());
		assertThat(last.startedAt()).isAfterOrEqualTo(middle.finishedAt());
		assertThat(last.createdBy()).isEqualTo(alice[1]);

		JsonNode graph = body(send("GET", "/api/jobs/" + ship + "/workflow", alice));
		assertThat(graph.get("steps").findValuesAsString("name")).containsExactlyInAnyOrder("charge", "ship",
				"notify");
		assertThat(graph.get("steps").findValuesAsString("status")).containsOnly("SUCCEEDED");
		assertThat(graph.get("edges")).hasSize(2);
		assertThat(graph.get("edges").toString()).contains(
				"{\"job\":\"" + ship + "\",\"dependsOn\":\"" + charge + "\",\"runAnyway\":false}",
				"{\"job\":\"" + notify + "\",\"dependsOn\":\"" + ship + "\",\"runAnyway\":false}");
		assertProblem(send("GET", "/api/jobs/" + ship + "/workflow", user()), 404, "job-not-found");
		assertThat(send("GET", "/api/jobs/" + ship + "/workflow", ADMIN).statusCode()).isEqualTo(200);
	}

	@Test
	void stepAfterAFailedStepIsCancelledWithTheReasonUnlessItRunsAnyway() {
		String[] alice = user();
		String audit = "{\"name\": \"audit\", \"type\": \"RECORD\", \"payload\": " + record("audit")
				+ ", \"after\": [\"charge\"], \"runAnyway\": true}";

		HttpResponse<String> created = post("/api/workflows", workflow(
				step("charge", "REJECT", "{\"reason\": \"card declined\"}"),
				step("ship", "RECORD", record("ship"), "charge"), audit), alice);

		JsonNode steps = body(created).get("steps");
		awaitStatus(id(steps, "ship"), JobStatus.CANCELLED, TIMEOUT);
		awaitStatus(id(steps, "audit"), JobStatus.SUCCEEDED, TIMEOUT);
		JsonNode graph = body(send("GET", "/api/jobs/" + id(steps, "charge") + "/workflow", alice));
		JsonNode ship = null;
		for (JsonNode step : graph.get("steps")) {
			if ("ship".equals(step.get("name").asString())) {
				ship = step;
			}
		}
		assertThat(ship).isNotNull();
		assertThat(ship.get("status").asString()).isEqualTo("CANCELLED");
		assertThat(ship.get("reason").asString()).isNotBlank();
		assertThat(graph.get("edges").findValuesAsString("runAnyway")).isNotNull();
		assertThat(TestHandlers.executions(id(steps, "ship"))).isZero();
	}

	@Test
	void cycleOrUnknownStepIsA400NamingTheStepAndWritesNothing() {
		String[] alice = user();

		HttpResponse<String> cycle = post("/api/workflows", workflow(step("charge", "RECORD", record("c"), "notify"),
				step("ship", "RECORD", record("s"), "charge"), step("notify", "RECORD", record("n"), "ship")), alice);
		HttpResponse<String> unknown = post("/api/workflows",
				workflow(step("charge", "RECORD", record("c")), step("ship", "RECORD", record("s"), "pay")), alice);
		HttpResponse<String> twice = post("/api/workflows",
				workflow(step("charge", "RECORD", record("c")), step("charge", "RECORD", record("again"))), alice);
		HttpResponse<String> payload = post("/api/workflows",
				workflow(step("charge", "RECORD", record("c")), step("ship", "RECORD", "{\"name\": \"\"}", "charge")),
				alice);
		HttpResponse<String> forbidden = post("/api/workflows",
				workflow(step("charge", "RECORD", record("c")), step("ship", "NOOP", "{}", "charge")), alice);
		HttpResponse<String> empty = post("/api/workflows", "{\"steps\": []}", alice);

		assertProblem(cycle, 400, "invalid-workflow");
		assertThat(fields(cycle)).hasSize(1);
		assertThat(fields(cycle).get(0)).matches("steps\\[\\d\\] \\((charge|ship|notify)\\)");
		assertThat(body(cycle).get("detail").asString()).containsIgnoringCase("cycle");
		assertProblem(unknown, 400, "invalid-workflow");
		assertThat(fields(unknown)).containsExactly("steps[1] (ship)");
		assertThat(body(unknown).get("detail").asString()).contains("pay");
		assertProblem(twice, 400, "invalid-workflow");
		assertThat(fields(twice).get(0)).startsWith("steps[1] (charge)");
		assertProblem(payload, 400, "invalid-payload");
		assertThat(fields(payload)).containsExactly("steps[1] (ship).payload.name");
		assertProblem(forbidden, 403, "forbidden");
		assertThat(fields(forbidden)).containsExactly("steps[1].type");
		assertProblem(empty, 400, "invalid-request");
		assertThat(jobsOf(alice[1])).isZero();
	}

	@Test
	void jobWaitsForTheJobsItDependsOnButNeverForOnesItsSubmitterMayNotSee() {
		String[] alice = user();
		String[] bob = user();
		UUID alices = UUID.fromString(body(post("/api/jobs",
				"{\"type\": \"RECORD\", \"payload\": " + record("first") + "}", alice)).get("id").asString());

		HttpResponse<String> after = post("/api/jobs",
				"{\"type\": \"RECORD\", \"payload\": " + record("second") + ", \"dependsOn\": [\"" + alices + "\"]}",
				alice);
		HttpResponse<String> bobs = post("/api/jobs",
				"{\"type\": \"RECORD\", \"payload\": " + record("sneaky") + ", \"dependsOn\": [\"" + alices + "\"]}",
				bob);
		HttpResponse<String> nobodys = post("/api/jobs", "{\"type\": \"RECORD\", \"payload\": " + record("lost")
				+ ", \"dependsOn\": [\"" + UUID.randomUUID() + "\"]}", bob);
		HttpResponse<String> bulk = post("/api/jobs/bulk",
				"{\"jobs\": [{\"type\": \"RECORD\", \"payload\": " + record("fine") + "}, {\"type\": \"RECORD\", "
						+ "\"payload\": " + record("sneaky") + ", \"dependsOn\": [\"" + alices + "\"]}]}",
				bob);
		HttpResponse<String> notAnId = post("/api/jobs", "{\"type\": \"RECORD\", \"payload\": " + record("x")
				+ ", \"dependsOn\": [\"yesterday\"]}", bob);

		assertThat(after.statusCode()).as(after.body()).isEqualTo(202);
		UUID second = UUID.fromString(body(after).get("id").asString());
		JobView done = awaitStatus(second, JobStatus.SUCCEEDED, TIMEOUT);
		assertThat(done.startedAt()).isAfterOrEqualTo(jobs.find(alices).orElseThrow().finishedAt());
		JsonNode graph = body(send("GET", "/api/jobs/" + second + "/workflow", alice));
		assertThat(graph.get("steps").findValuesAsString("jobId")).containsExactlyInAnyOrder(alices.toString(),
				second.toString());

		assertProblem(bobs, 400, "invalid-workflow");
		assertThat(fields(bobs)).containsExactly("dependsOn[0]");
		assertProblem(nobodys, 400, "invalid-workflow");
		assertThat(body(bobs).get("detail").asString().replace(alices.toString(), "?"))
			.isEqualTo(body(nobodys).get("detail").asString().replaceAll("[0-9a-f-]{36}", "?"));
		assertProblem(bulk, 400, "invalid-workflow");
		assertThat(fields(bulk)).containsExactly("jobs[1].dependsOn[0]");
		assertProblem(notAnId, 400, "invalid-request");
		assertThat(fields(notAnId)).containsExactly("dependsOn[0]");
		assertThat(jobsOf(bob[1])).isZero();

		HttpResponse<String> bulkAfter = post("/api/jobs/bulk", "{\"jobs\": [{\"type\": \"RECORD\", \"payload\": "
				+ record("bulk") + ", \"dependsOn\": [\"" + second + "\"]}]}", alice);
		assertThat(bulkAfter.statusCode()).as(bulkAfter.body()).isEqualTo(201);
		awaitStatus(UUID.fromString(body(bulkAfter).get("jobs").get(0).get("id").asString()),
				Set.of(JobStatus.SUCCEEDED), TIMEOUT);
	}

}
