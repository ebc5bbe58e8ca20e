package dev.jobs.core;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;

import javax.sql.DataSource;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

import dev.jobs.testapp.TestApplication;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.fail;

/**
 * Base of the tests that run against the real PostgreSQL and RabbitMQ (hosts from
 * {@code JOBS_DB_*} and {@code JOBS_RABBIT_*}, localhost by default). All of them share one
 * application context, so one set of workers consumes for all of them; tests tell their jobs
 * apart by id.
 */
@SpringBootTest(classes = { TestApplication.class, TestHandlers.class, TestCallers.class, BatchTestHandlers.class },
		webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
public abstract class IntegrationTest {

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@LocalServerPort
	protected int port;

	@Autowired
	protected JobClient jobs;

	@Autowired
	protected JsonMapper json;

	/** On the application's connections; names the platform's tables {@code {jobs}.job}, as the platform does. */
	protected JdbcClient jdbc;

	@Autowired
	void setDataSource(DataSource dataSource, PlatformSchema schema) {
		this.jdbc = schema.jdbcClient(dataSource);
	}

	protected HttpResponse<String> post(String path, String body, String... headers) {
		return sendJson("POST", path, body, headers);
	}

	/** A request with a JSON body, e.g. {@code sendJson("PUT", "/api/schedules/x", "{...}", "X-Test-User", "root")}. */
	protected HttpResponse<String> sendJson(String method, String path, String body, String... headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
			.timeout(Duration.ofSeconds(10))
			.header("Content-Type", "application/json")
			.method(method, HttpRequest.BodyPublishers.ofString(body));
		if (headers.length > 0) {
			request.headers(headers);
		}
		return send(request.build());
	}

	/** A request without body, e.g. {@code send("DELETE", "/api/schedules/x", "X-Test-User", "root")}. */
	protected HttpResponse<String> send(String method, String path, String... headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
			.timeout(Duration.ofSeconds(10))
			.method(method, HttpRequest.BodyPublishers.noBody());
		if (headers.length > 0) {
			request.headers(headers);
		}
		return send(request.build());
	}

	protected HttpResponse<String> get(String path) {
		return send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10)).GET().build());
	}

	private URI uri(String path) {
		return URI.create("http://localhost:" + port + path);
	}

	private static HttpResponse<String> send(HttpRequest request) {
		try {
			return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (Exception ex) {
			throw new IllegalStateException("HTTP " + request.method() + " " + request.uri() + " failed", ex);
		}
	}

	protected JsonNode body(HttpResponse<String> response) {
		return json.readTree(response.body());
	}

	protected JobView awaitStatus(UUID id, JobStatus expected, Duration timeout) {
		return awaitStatus(id, Set.of(expected), timeout);
	}

	protected JobView awaitStatus(UUID id, Set<JobStatus> expected, Duration timeout) {
		AtomicReference<JobView> last = new AtomicReference<>();
		try {
			Awaitility.await()
				.atMost(timeout)
				.pollInterval(Duration.ofMillis(50))
				.until(() -> {
					last.set(jobs.find(id).orElseThrow());
					return expected.contains(last.get().status());
				});
			return last.get();
		}
		catch (ConditionTimeoutException ex) {
			JobView job = last.get();
			return fail("Job %s did not reach %s within %s; it is %s (attempt %d, last error %s)", id, expected, timeout,
					(job != null) ? job.status() : null, (job != null) ? job.attempt() : -1,
					(job != null) ? job.lastError() : null);
		}
	}

	/** Publishes a job message to the work exchange by hand, as a duplicate or a stray copy would arrive. */
	protected void publishByHand(RabbitTemplate rabbit, String prefix, UUID id, String type, int attempt) {
		String body = "{\"jobId\": \"" + id + "\", \"type\": \"" + type + "\", \"attempt\": " + attempt + "}";
		rabbit.send(prefix, type, MessageBuilder.withBody(body.getBytes(StandardCharsets.UTF_8)).build());
	}

	/**
	 * Inserts a job row directly, as a crash or another deployment would have left it.
	 * @param timestamps SQL for run_at, lease_until, started_at and updated_at
	 */
	protected UUID insertJob(String type, String status, int attempt, int maxAttempts, String worker, String timestamps,
			String dispatchedAt) {
		UUID id = UUID.randomUUID();
		jdbc.sql("""
				insert into {jobs}.job (id, type, payload, status, attempt, max_attempts, run_at, created_by, worker_id,
				                 lease_until, started_at, updated_at, dispatched_at)
				values (:id, :type, '{"name": "inserted", "sleepMillis": 0}', :status, :attempt, :max,
				        %1$s, 'test', :worker, %1$s, %1$s, %1$s, %2$s)
				""".formatted(timestamps, dispatchedAt))
			.param("id", id)
			.param("type", type)
			.param("status", status)
			.param("attempt", attempt)
			.param("max", maxAttempts)
			.param("worker", worker)
			.update();
		return id;
	}

	protected List<JobAttemptView> attempts(UUID id) {
		return jdbc.sql("select attempt, worker_id, started_at, finished_at, outcome, error, stack_trace "
				+ "from {jobs}.job_attempt where job_id = :id order by attempt")
			.param("id", id)
			.query((rs, n) -> new JobAttemptView(rs.getInt(1), rs.getString(2), null, null, rs.getString(5),
					rs.getString(6), rs.getString(7)))
			.list();
	}

}
