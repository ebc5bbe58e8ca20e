package dev.jobs.core;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** The REST API, end to end through the broker, and its answers to bad requests. */
class JobApiIntegrationTest extends IntegrationTest {

	@Test
	void submittedNoopJobSucceedsThroughTheBroker() {
		HttpResponse<String> response = post("/api/jobs", "{\"type\": \"NOOP\"}");

		assertThat(response.statusCode()).isEqualTo(202);
		JsonNode job = body(response);
		UUID id = UUID.fromString(job.get("id").asString());
		assertThat(response.headers().firstValue("Location")).hasValue("/api/jobs/" + id);
		assertThat(job.get("status").asString()).isIn("PENDING", "QUEUED", "RUNNING", "SUCCEEDED");
		assertThat(job.get("createdBy").asString()).isEqualTo("anonymous");

		awaitStatus(id, JobStatus.SUCCEEDED, Duration.ofSeconds(15));
		JsonNode done = body(get("/api/jobs/" + id));
		assertThat(done.get("status").asString()).isEqualTo("SUCCEEDED");
		assertThat(done.get("attempt").asInt()).isEqualTo(1);
		assertThat(done.get("finishedAt").isNull()).isFalse();
		JsonNode attempts = body(get("/api/jobs/" + id + "/attempts"));
		assertThat(attempts).hasSize(1);
		assertThat(attempts.get(0).get("outcome").asString()).isEqualTo("SUCCEEDED");
	}

	@Test
	void resultOfAJobIsShownWithItsStatus() {
		JsonNode job = body(post("/api/jobs", "{\"type\": \"RECORD\", \"payload\": {\"name\": \"Ada\", \"sleepMillis\": 0}}"));
		UUID id = UUID.fromString(job.get("id").asString());

		awaitStatus(id, JobStatus.SUCCEEDED, Duration.ofSeconds(15));

		assertThat(body(get("/api/jobs/" + id)).get("result").get("greeting").asString()).isEqualTo("hello Ada");
	}

	@Test
	void unknownTypeIsA400ProblemNamingTheField() {
		HttpResponse<String> response = post("/api/jobs", "{\"type\": \"NO_SUCH_TYPE\"}");

		assertProblem(response, 400, "unknown-job-type");
		assertThat(body(response).get("errors").get(0).get("field").asString()).isEqualTo("type");
		assertThat(body(response).get("detail").asString()).contains("NO_SUCH_TYPE").contains("NOOP");
	}

	@Test
	void invalidPayloadIsA400NamingEachField() {
		HttpResponse<String> response = post("/api/jobs",
				"{\"type\": \"SLEEP\", \"payload\": {\"millis\": -5, \"failTimes\": 500}}");

		assertProblem(response, 400, "invalid-payload");
		JsonNode errors = body(response).get("errors");
		assertThat(errors).hasSize(2);
		assertThat(errors.get(0).get("field").asString()).isEqualTo("payload.failTimes");
		assertThat(errors.get(1).get("field").asString()).isEqualTo("payload.millis");
	}

	@Test
	void misspeltPayloadFieldIsRefusedNotIgnored() {
		HttpResponse<String> response = post("/api/jobs", "{\"type\": \"SLEEP\", \"payload\": {\"milis\": 5}}");

		assertProblem(response, 400, "invalid-payload");
		assertThat(body(response).get("errors").get(0).get("field").asString()).isEqualTo("payload.milis");
	}

	@Test
	void payloadOfTheWrongTypeIsA400NamingTheField() {
		HttpResponse<String> response = post("/api/jobs", "{\"type\": \"SLEEP\", \"payload\": {\"millis\": \"soon\"}}");

		assertProblem(response, 400, "invalid-payload");
		assertThat(body(response).get("errors").get(0).get("field").asString()).isEqualTo("payload.millis");
	}

	@Test
	void malformedJsonIsA400() {
		HttpResponse<String> response = post("/api/jobs", "{\"type\": ");

		assertProblem(response, 400, "malformed-json");
	}

	@Test
	void wrongTypeInTheEnvelopeIsA400NamingTheField() {
		HttpResponse<String> response = post("/api/jobs", "{\"type\": \"NOOP\", \"priority\": \"high\"}");

		assertProblem(response, 400, "invalid-request");
		assertThat(body(response).get("errors").get(0).get("field").asString()).isEqualTo("priority");
	}

	@Test
	void outOfRangeEnvelopeFieldsAreA400NamingTheFields() {
		HttpResponse<String> response = post("/api/jobs", "{\"priority\": 12, \"maxAttempts\": 0}");

		assertProblem(response, 400, "invalid-request");
		assertThat(body(response).get("errors").findValuesAsString("field")).containsExactly("maxAttempts",
				"priority", "type");
	}

	@Test
	void badIdempotencyKeyIsA400() {
		HttpResponse<String> response = post("/api/jobs", "{\"type\": \"NOOP\"}", "Idempotency-Key", "no spaces allowed");

		assertProblem(response, 400, "invalid-request");
		assertThat(body(response).get("errors").get(0).get("field").asString()).isEqualTo("Idempotency-Key");
	}

	@Test
	void unknownJobIsA404AndAMalformedIdA400() {
		assertProblem(get("/api/jobs/" + UUID.randomUUID()), 404, "job-not-found");
		assertProblem(get("/api/jobs/" + UUID.randomUUID() + "/attempts"), 404, "job-not-found");
		assertProblem(post("/api/jobs/" + UUID.randomUUID() + "/cancel", ""), 404, "job-not-found");
		assertProblem(get("/api/jobs/not-a-uuid"), 400, "invalid-request");
	}

	@Test
	void listingFiltersByTypeAndStatusAndClampsThePageSize() {
		UUID id = UUID.fromString(body(post("/api/jobs", "{\"type\": \"NOOP\"}")).get("id").asString());
		awaitStatus(id, JobStatus.SUCCEEDED, Duration.ofSeconds(15));

		JsonNode page = body(get("/api/jobs?type=NOOP&status=SUCCEEDED&size=100000"));

		assertThat(page.get("size").asInt()).isEqualTo(200);
		assertThat(page.get("items").findValuesAsString("type")).containsOnly("NOOP");
		assertThat(page.get("items").findValuesAsString("status")).containsOnly("SUCCEEDED");
		assertThat(page.get("items").findValuesAsString("id")).contains(id.toString());
		assertProblem(get("/api/jobs?status=DONE"), 400, "invalid-request");
		assertProblem(get("/api/jobs?page=-1"), 400, "invalid-request");
		assertProblem(get("/api/jobs?from=yesterday"), 400, "invalid-request");
	}

	@Test
	void illegalTransitionsAre409AndChangeNothing() {
		UUID id = UUID.fromString(body(post("/api/jobs", "{\"type\": \"NOOP\"}")).get("id").asString());
		awaitStatus(id, JobStatus.SUCCEEDED, Duration.ofSeconds(15));

		assertProblem(post("/api/jobs/" + id + "/cancel", ""), 409, "illegal-transition");
		assertProblem(post("/api/jobs/" + id + "/retry", ""), 409, "illegal-transition");
		assertThat(jobs.find(id).orElseThrow().status()).isEqualTo(JobStatus.SUCCEEDED);
	}

	@Test
	void jobTypesListSettingsAndPayloadSchemas() {
		JsonNode types = body(get("/api/job-types"));

		JsonNode sleep = null;
		for (JsonNode type : types) {
			if (type.get("type").asString().equals("SLEEP")) {
				sleep = type;
			}
		}
		assertThat(sleep).isNotNull();
		assertThat(sleep.get("settings").get("concurrency").asInt()).isEqualTo(4);
		JsonNode millis = sleep.get("payloadSchema").get("properties").get("millis");
		assertThat(millis.get("type").asString()).isEqualTo("integer");
		assertThat(millis.get("maximum").asLong()).isEqualTo(3_600_000L);
	}

	private void assertProblem(HttpResponse<String> response, int status, String type) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
				v -> assertThat(v).startsWith("application/problem+json"));
		JsonNode problem = body(response);
		assertThat(problem.get("type").asString()).endsWith("/" + type);
		assertThat(problem.get("detail").asString()).isNotBlank();
		assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ");
	}

}
