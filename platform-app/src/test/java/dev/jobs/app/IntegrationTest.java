package dev.jobs.app;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import javax.sql.DataSource;

import dev.jobs.core.JobClient;
import dev.jobs.core.JobStatus;
import dev.jobs.core.JobView;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Base of the platform's tests against the real PostgreSQL and RabbitMQ. All of them share one
 * application context (started once, ~15 s), so one set of workers runs every test's jobs; each
 * test waits for its own jobs before it ends, so their data never overlaps.
 */
@SpringBootTest(classes = JobsPlatformApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
public abstract class IntegrationTest {

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	protected static final Duration JOB_TIMEOUT = Duration.ofSeconds(30);

	@LocalServerPort
	protected int port;

	@Autowired
	protected JobClient jobs;

	@Autowired
	protected JsonMapper json;

	protected JdbcClient jdbc;

	@Autowired
	void setDataSource(DataSource dataSource) {
		this.jdbc = JdbcClient.create(dataSource);
	}

	/** Submits a job, waits until it succeeded and returns it. */
	protected JobView runToSuccess(String type, Map<String, ?> payload) {
		UUID id = jobs.submit(type, payload).id();
		return awaitStatus(id, Set.of(JobStatus.SUCCEEDED), JOB_TIMEOUT);
	}

	protected JobView awaitStatus(UUID id, Set<JobStatus> expected, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		JobView job = null;
		while (System.nanoTime() < deadline) {
			job = jobs.find(id).orElseThrow();
			if (expected.contains(job.status())) {
				return job;
			}
			if (job.status().isTerminal()) {
				break;
			}
			sleep(50);
		}
		return fail("Job %s did not reach %s within %s; it is %s (attempt %d, last error %s)", id, expected, timeout,
				(job != null) ? job.status() : null, (job != null) ? job.attempt() : -1,
				(job != null) ? job.lastError() : null);
	}

	protected HttpResponse<byte[]> get(String path) {
		return send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30)).GET().build());
	}

	protected HttpResponse<byte[]> post(String path) {
		return send(HttpRequest.newBuilder(uri(path))
			.timeout(Duration.ofSeconds(10))
			.POST(HttpRequest.BodyPublishers.noBody())
			.build());
	}

	protected JsonNode body(HttpResponse<byte[]> response) {
		return json.readTree(response.body());
	}

	/** Asserts an RFC 9457 problem of the given status and type, and returns it. */
	protected JsonNode assertProblem(HttpResponse<byte[]> response, int status, String type) {
		assertThat(response.statusCode()).as(new String(response.body())).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
		JsonNode problem = body(response);
		assertThat(problem.get("type").asString()).endsWith("/" + type);
		assertThat(problem.get("detail").asString()).isNotBlank();
		return problem;
	}

	private URI uri(String path) {
		return URI.create("http://localhost:" + port + path);
	}

	private static HttpResponse<byte[]> send(HttpRequest request) {
		try {
			return HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
		}
		catch (Exception ex) {
			throw new IllegalStateException("HTTP " + request.method() + " " + request.uri() + " failed", ex);
		}
	}

	protected static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
