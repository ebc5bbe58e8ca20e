package dev.jobs.app.security;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import dev.jobs.app.IntegrationTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Several hundred random and malformed requests at every endpoint: bodies, headers, path and query
 * parameters. None may produce a 5xx or a stack trace, and no rejected request may create a job.
 * The seed is fixed so a failure can be replayed; it is printed with each failure.
 */
class HostileInputIntegrationTest extends IntegrationTest {

	private static final long SEED = 20261128L;

	private static final String[] PATHS = { "/api/jobs", "/api/jobs/%s", "/api/jobs/%s/cancel", "/api/jobs/%s/retry",
			"/api/jobs/%s/attempts", "/api/jobs/%s/result", "/api/job-types", "/api/job-types/%s/dead-letters/redrive",
			"/api/tokens", "/api/tokens/%s", "/api/users", "/api/export-tasks/%s", "/api/export-tasks/%s/download",
			"/api/employ/export/async", "/api/users/export/async" };

	private static final String[] IDS = { UUID.randomUUID().toString(), "not-a-uuid", "..%2F..%2Fetc%2Fpasswd",
			"%00", "1", "-1", "9999999999999999999999", "NOOP", "EMPLOYEE_EXPORT", "%E5%91%98%E5%B7%A5", "a".repeat(300),
			"%27%20or%201%3D1--" };

	private static final String[] QUERIES = { "", "?page=-1", "?size=abc", "?size=999999999", "?status=DONE",
			"?status=SUCCEEDED&type=NOOP", "?from=yesterday", "?to=2026-13-45T99:00:00Z", "?createdBy=%27%3B%20drop%20table%20job%3B--",
			"?department=%00&position=" + "x".repeat(2000), "?format=PDF", "?role=ROOT", "?page=0&size=0",
			"?type=" + "T".repeat(500) };

	private static final String[] BODIES = { "", "{", "}", "null", "[]", "[1,2,3]", "\"text\"", "{\"type\": null}",
			"{\"type\": 42}", "{\"type\": \"NOOP\", \"payload\": \"x\"}", "{\"type\": \"NOOP\", \"payload\": {\"a\": 1}}",
			"{\"type\": \"SLEEP\", \"payload\": {\"millis\": 1e308}}", "{\"type\": \"SLEEP\", \"payload\": {\"millis\": -1}}",
			"{\"type\": \"EMPLOYEE_EXPORT\", \"payload\": {\"format\": \"DOCX\"}}",
			"{\"type\": \"EMPLOYEE_EXPORT\", \"payload\": {\"hiredFrom\": \"not a date\", \"format\": \"CSV\"}}",
			"{\"type\": \"NOOP\", \"priority\": 99999999999999999999}", "{\"type\": \"NOOP\", \"runAt\": \"tomorrow\"}",
			"{\"type\": \"NOOP\", \"maxAttempts\": -5}", "{\"type\": \"../../etc/passwd\"}",
			"{\"type\": \"" + "A".repeat(10_000) + "\"}", "[".repeat(5_000) + "]".repeat(5_000),
			"{\"name\": " + "1".repeat(400) + "}", "{\"username\": \"x\", \"role\": \"GOD\"}", "\u0000\u0001\u0002",
			"{\"type\": \"NOOP\"}garbage", "{\"type\": \"\\ud800\"}" };

	private static final String[] CONTENT_TYPES = { "application/json", "text/plain", "application/xml",
			"application/json; charset=latin1", "multipart/form-data; boundary=x", "" };

	/** Junk where a parameter, path variable or header is expected, one request each (below). */
	private static final String[] JUNK = { "", " ", "%00", "%FF%FE", "-1", "1e309", "9".repeat(40), "true",
			"%27%3B--", "..%2F..%2F", "%E2%80%AE", "x".repeat(3000), "null", "{}", "[]", "NaN" };

	private static final String[] PARAMETERIZED = { "/api/jobs?type=%s", "/api/jobs?status=%s", "/api/jobs?createdBy=%s",
			"/api/jobs?from=%s", "/api/jobs?to=%s", "/api/jobs?page=%s", "/api/jobs?size=%s", "/api/jobs/%s",
			"/api/jobs/%s/attempts", "/api/jobs/%s/result", "/api/export-tasks/%s", "/api/export-tasks/%s/download",
			"/api/employ/export/async?hiredFrom=%s", "/api/employ/export/async?format=%s",
			"/api/employ/export/async?department=%s", "/api/users/export/async?role=%s",
			"/api/users/export/async?status=%s", "/api/users/export/async?format=%s", "/api/tokens/%s",
			"/api/job-types/%s/dead-letters/redrive", "/api/jobs?page=%s&size=%s" };

	private static final String[][] HEADERS = { { "Accept", "application/xml" }, { "Accept", "text/csv" },
			{ "Accept", "*/*;q=x" }, { "Accept", "%%%" }, { "Content-Type", ";;;" }, { "Content-Type", "application/" },
			{ "Content-Type", "application/json; charset=no-such-charset" }, { "Accept-Charset", "no-such-charset" },
			{ "Accept-Language", "%%" }, { "Idempotency-Key", "a".repeat(300) }, { "If-Modified-Since", "yesterday" },
			{ "Range", "bytes=-1-2" }, { "Range", "bytes=999999999999999999999-" }, { "X-Forwarded-For", "%00" },
			{ "X-Forwarded-Host", "evil.example" }, { "X-Forwarded-Proto", "gopher" }, { "Forwarded", "for=;;" } };

	private static final String[] AUTHORIZATIONS = { "Basic", "Basic ", "Basic !!!!", "Basic " + "QQ==".repeat(1000),
			"Basic " + java.util.Base64.getEncoder().encodeToString("no-colon".getBytes()),
			"Basic " + java.util.Base64.getEncoder().encodeToString(":".getBytes()),
			"Basic " + java.util.Base64.getEncoder().encodeToString("\u0000:\u0000".getBytes()), "Bearer", "Bearer ",
			"Bearer jobs_", "Bearer jobs_" + "x".repeat(5000), "Bearer ../../etc", "Digest x", "Foo", "",
			// Spellings that Spring's Basic converter would decode but this service refuses (issue 20).
			"Basic_" + java.util.Base64.getEncoder().encodeToString("test-admin:password-of-test-admin".getBytes()),
			"BasicQQ==", "Basic  QQ==", "x", "Bearer jobs_a jobs_b" };

	private static final String[] KEYS = { null, "ok-key", "", " ", "a".repeat(500), "ключ", "k\ty", "../../x" };

	@Test
	void randomAndMalformedRequestsNeverCauseA5xxAStackTraceOrAJob() throws Exception {
		Random random = new Random(SEED);
		HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
		// Tokens, not Basic: a BCrypt check per request would make 400 requests take a minute.
		String adminToken = "Bearer " + body(post("/api/tokens", "{\"name\": \"fuzz\"}", Account.ADMIN)).get("token")
			.asString();
		String userToken = "Bearer " + body(post("/api/tokens", "{\"name\": \"fuzz\"}", Account.USER)).get("token")
			.asString();
		long jobsBefore = jobCount();
		int accepted = 0;
		List<String> failures = new ArrayList<>();
		for (int i = 0; i < 400; i++) {
			String path = PATHS[random.nextInt(PATHS.length)];
			if (path.contains("%s")) {
				path = path.formatted(IDS[random.nextInt(IDS.length)]);
			}
			path += QUERIES[random.nextInt(QUERIES.length)];
			String method = new String[] { "GET", "POST", "POST", "PUT", "DELETE", "PATCH" }[random.nextInt(6)];
			String body = BODIES[random.nextInt(BODIES.length)];
			String credentials = (random.nextInt(4) == 0) ? userToken : adminToken;
			HttpRequest.Builder request;
			try {
				request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
			}
			catch (IllegalArgumentException notAUri) {
				continue; // the client itself refuses to send it
			}
			request.timeout(Duration.ofSeconds(30)).header("Authorization", credentials);
			String contentType = CONTENT_TYPES[random.nextInt(CONTENT_TYPES.length)];
			if (!contentType.isEmpty()) {
				request.header("Content-Type", contentType);
			}
			String key = KEYS[random.nextInt(KEYS.length)];
			if (key != null && !key.isBlank() && key.chars().allMatch(c -> c > 32 && c < 127)) {
				request.header("Idempotency-Key", key + "-" + i);
			}
			request.method(method, body.isEmpty() ? HttpRequest.BodyPublishers.noBody()
					: HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
			HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
			String what = "#" + i + " " + method + " " + abbreviate(path) + " [" + contentType + "] " + abbreviate(body)
					+ " -> " + response.statusCode() + " " + abbreviate(response.body());
			if (response.statusCode() >= 500) {
				failures.add("5xx: " + what);
			}
			if (response.body().contains("\tat ") || response.body().contains("Exception")
					|| response.body().contains("org.springframework")) {
				failures.add("stack trace or internals: " + what);
			}
			boolean createsJobs = path.equals("/api/jobs") || path.startsWith("/api/jobs?")
					|| path.startsWith("/api/employ/") || path.startsWith("/api/users/export");
			if ("POST".equals(method) && createsJobs && response.statusCode() == 202) {
				accepted++;
			}
		}
		assertThat(failures).as("seed %d", SEED).isEmpty();
		assertThat(jobCount() - jobsBefore).as("jobs created = requests accepted (seed %d)", SEED).isEqualTo(accepted);
	}

	@Test
	void junkInQueryParametersPathVariablesAndHeadersIsA4xxProblem() throws Exception {
		HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
		String adminToken = "Bearer " + body(post("/api/tokens", "{\"name\": \"junk\"}", Account.ADMIN)).get("token")
			.asString();
		java.time.OffsetDateTime testStart = databaseNow();
		long jobsBefore = jobCount();
		int accepted = 0;
		List<String> failures = new ArrayList<>();
		List<HttpRequest> requests = new ArrayList<>();
		for (String template : PARAMETERIZED) {
			for (String junk : JUNK) {
				String path = template.replace("%s", junk);
				String method = template.contains("/export/async") || template.contains("redrive") ? "POST"
						: template.startsWith("/api/tokens/") ? "DELETE" : "GET";
				try {
					requests.add(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
						.header("Authorization", adminToken)
						.method(method, HttpRequest.BodyPublishers.noBody())
						.build());
				}
				catch (IllegalArgumentException notAUri) {
					// the client itself refuses to send it
				}
			}
		}
		for (String[] header : HEADERS) {
			for (String path : new String[] { "/api/jobs", "/api/jobs/" + UUID.randomUUID(), "/api/job-types" }) {
				requests.add(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
					.header("Authorization", adminToken)
					.header(header[0], header[1])
					.POST(HttpRequest.BodyPublishers.ofString("{\"type\": \"NOOP\"}"))
					.build());
				requests.add(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
					.header("Authorization", adminToken)
					.header(header[0], header[1])
					.GET()
					.build());
			}
		}
		for (String authorization : AUTHORIZATIONS) {
			HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/jobs"));
			if (!authorization.isEmpty()) {
				request.header("Authorization", authorization);
			}
			requests.add(request.GET().build());
		}
		for (HttpRequest request : requests) {
			HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
			String what = request.method() + " " + abbreviate(request.uri().getRawPath()) + "?"
					+ abbreviate(String.valueOf(request.uri().getRawQuery())) + " " + abbreviate(request.headers().map().toString())
					+ " -> " + response.statusCode() + " " + abbreviate(response.body());
			int status = response.statusCode();
			if (status >= 500) {
				failures.add("5xx: " + what);
			}
			else if (status >= 400) {
				String type = response.headers().firstValue("Content-Type").orElse("");
				if (!type.startsWith("application/problem+json") || !response.body().contains("\"detail\":\"")) {
					failures.add("not a problem with a detail: " + what);
				}
			}
			if (response.body().contains("\tat ") || response.body().contains("Exception")
					|| response.body().contains("org.springframework")) {
				failures.add("stack trace or internals: " + what);
			}
			if (request.uri().getPath().contains("/export/async") && status == 202) {
				accepted++;
			}
			if ("POST".equals(request.method()) && request.uri().getPath().equals("/api/jobs") && status == 202) {
				accepted++;
			}
		}
		assertThat(failures).isEmpty();
		awaitNoActiveJobs(testStart);
		assertThat(jobCount() - jobsBefore).as("jobs created = requests accepted").isEqualTo(accepted);
	}

	/** Accepted exports of this test must end before the next test looks at the job table. */
	private void awaitNoActiveJobs(java.time.OffsetDateTime since) {
		org.awaitility.Awaitility.await()
			.atMost(JOB_TIMEOUT)
			.until(() -> jdbc.sql("select count(*) from {jobs}.job where created_at >= :since "
					+ "and status not in ('SUCCEEDED', 'FAILED', 'CANCELLED')")
				.param("since", since)
				.query(Long.class)
				.single() == 0);
	}

	private java.time.OffsetDateTime databaseNow() {
		return jdbc.sql("select now()").query(java.time.OffsetDateTime.class).single();
	}

	/** Jobs created by requests: not the notifications the platform adds when an export ends. */
	private long jobCount() {
		return jdbc.sql("select count(*) from {jobs}.job where idempotency_key is null or idempotency_key not like 'export-end:%'")
			.query(Long.class)
			.single();
	}

	private static String abbreviate(String text) {
		return (text.length() > 160) ? text.substring(0, 160) + "..." : text;
	}

}
