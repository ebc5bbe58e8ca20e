package dev.jobs.core;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

import dev.jobs.core.delivery.Workers;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who may see and do what through the API: ownership (someone else's job is a 404), roles per job
 * type, admin-only dead-letter actions, the per-user limit on active jobs, and body size limits.
 */
class AccessIntegrationTest extends IntegrationTest {

	private static final String[] ALICE = { "X-Test-User", "alice", "X-Test-Roles", "USER" };

	private static final String[] BOB = { "X-Test-User", "bob", "X-Test-Roles", "USER" };

	private static final String[] ADMIN = { "X-Test-User", "root", "X-Test-Roles", "SUPER_ADMIN" };

	private static final String RECORD = "{\"type\": \"RECORD\", \"payload\": {\"name\": \"mine\"}}";

	@Autowired
	Workers workers;

	@Test
	void someoneElsesJobIsNotFoundForAnyAction() {
		UUID id = UUID.fromString(body(post("/api/jobs", RECORD, ALICE)).get("id").asString());
		awaitStatus(id, JobStatus.SUCCEEDED, Duration.ofSeconds(15));

		assertThat(as("GET", "/api/jobs/" + id, BOB).statusCode()).isEqualTo(404);
		assertThat(as("GET", "/api/jobs/" + id + "/attempts", BOB).statusCode()).isEqualTo(404);
		assertThat(as("POST", "/api/jobs/" + id + "/cancel", BOB).statusCode()).isEqualTo(404);
		assertThat(as("POST", "/api/jobs/" + id + "/retry", BOB).statusCode()).isEqualTo(404);
		assertThat(body(as("GET", "/api/jobs/" + id, BOB)).get("detail").asString())
			.isEqualTo(body(as("GET", "/api/jobs/" + UUID.randomUUID(), BOB)).get("detail").asString()
				.replaceAll("[0-9a-f-]{36}", id.toString()));

		assertThat(as("GET", "/api/jobs/" + id, ALICE).statusCode()).isEqualTo(200);
		assertThat(as("GET", "/api/jobs/" + id, ADMIN).statusCode()).isEqualTo(200);
		assertThat(body(as("GET", "/api/jobs/" + id, ALICE)).get("createdBy").asString()).isEqualTo("alice");
	}

	@Test
	void listingShowsOthersOnlyTheirOwnJobsAndAdminsEverything() {
		UUID alices = UUID.fromString(body(post("/api/jobs", RECORD, ALICE)).get("id").asString());
		UUID bobs = UUID.fromString(body(post("/api/jobs", RECORD, BOB)).get("id").asString());

		JsonNode bobsView = body(as("GET", "/api/jobs?createdBy=alice&size=200", BOB));
		JsonNode adminsView = body(as("GET", "/api/jobs?createdBy=alice&size=200", ADMIN));

		assertThat(bobsView.get("items").findValuesAsString("id")).doesNotContain(alices.toString())
			.contains(bobs.toString());
		assertThat(bobsView.get("items").findValuesAsString("createdBy")).containsOnly("bob");
		assertThat(adminsView.get("items").findValuesAsString("id")).contains(alices.toString());
	}

	@Test
	void roleThatMayNotSubmitATypeIsA403AndNothingIsCreated() {
		long before = jobCount();

		HttpResponse<String> refused = post("/api/jobs", "{\"type\": \"NOOP\"}", ALICE);

		assertThat(refused.statusCode()).isEqualTo(403);
		assertThat(body(refused).get("type").asString()).endsWith("/forbidden");
		assertThat(body(refused).get("detail").asString()).contains("NOOP").contains("SUPER_ADMIN");
		assertThat(jobCount()).isEqualTo(before);
		assertThat(post("/api/jobs", "{\"type\": \"NOOP\"}", ADMIN).statusCode()).isEqualTo(202);
	}

	@Test
	void deadLetterActionsAreForAdminsOnly() {
		assertThat(as("POST", "/api/job-types/DOOMED/dead-letters/redrive", ALICE).statusCode()).isEqualTo(403);
		assertThat(as("POST", "/api/job-types/DOOMED/dead-letters/redrive", ADMIN).statusCode()).isEqualTo(200);
	}

	@Test
	void perUserLimitOnActiveJobsAnswers429WithRetryAfter() {
		workers.stopConsuming("LAGGY");
		try {
			String laggy = "{\"type\": \"LAGGY\", \"payload\": {\"name\": \"busy\"}}";
			String[] carol = { "X-Test-User", "carol-" + UUID.randomUUID(), "X-Test-Roles", "USER" };
			assertThat(post("/api/jobs", laggy, carol).statusCode()).isEqualTo(202);
			assertThat(post("/api/jobs", laggy, carol).statusCode()).isEqualTo(202);

			HttpResponse<String> third = post("/api/jobs", laggy, carol);

			assertThat(third.statusCode()).isEqualTo(429);
			assertThat(third.headers().firstValue("Retry-After")).hasValue("30");
			assertThat(body(third).get("type").asString()).endsWith("/too-many-active-jobs");
			String[] dave = { "X-Test-User", "dave-" + UUID.randomUUID(), "X-Test-Roles", "USER" };
			assertThat(post("/api/jobs", laggy, dave).statusCode()).isEqualTo(202);
		}
		finally {
			workers.startConsuming("LAGGY");
		}
	}

	@Test
	void oversizedBodyIsA413AndCreatesNothing() throws Exception {
		long before = jobCount();
		String huge = "{\"type\": \"RECORD\", \"payload\": {\"name\": \"" + "x".repeat(300_000) + "\"}}";

		HttpResponse<String> withLength = post("/api/jobs", huge);
		HttpResponse<String> chunked = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/jobs"))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofInputStream(
						() -> new java.io.ByteArrayInputStream(huge.getBytes(java.nio.charset.StandardCharsets.UTF_8))))
				.build(), HttpResponse.BodyHandlers.ofString());

		assertThat(withLength.statusCode()).isEqualTo(413);
		assertThat(chunked.statusCode()).isEqualTo(413);
		assertThat(chunked.body()).contains("max-request-size");
		assertThat(jobCount()).isEqualTo(before);
	}

	private long jobCount() {
		return jdbc.sql("select count(*) from {jobs}.job").query(Long.class).single();
	}

	private HttpResponse<String> as(String method, String path, String... headers) {
		try {
			HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
				.timeout(Duration.ofSeconds(10))
				.headers(headers)
				.method(method, HttpRequest.BodyPublishers.noBody());
			return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
