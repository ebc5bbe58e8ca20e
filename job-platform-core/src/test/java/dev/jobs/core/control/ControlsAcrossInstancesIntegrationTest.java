package dev.jobs.core.control;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.jobs.core.IntegrationTest;
import dev.jobs.core.JobClient;
import dev.jobs.core.JobStatus;
import dev.jobs.core.JobType;
import dev.jobs.core.JobTypeControls;
import dev.jobs.core.TestHandlers;
import dev.jobs.core.delivery.Workers;
import dev.jobs.testapp.TestApplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Operators' controls across the cluster, on two more application instances (A and B) that share the database and
 * the broker, reading the controls at the default interval (1 s): a pause sent to A stops B's consumers within
 * 2 s, and 200 jobs submitted during the pause all succeed after the resume, none with more than one attempt; a global
 * concurrency of 2 holds with 8 consumers on each (the most attempts ever running at once, read from the attempt
 * history, is 2), a rate limit of 5 per second holds over 20 seconds within one start, and no job waiting for a
 * limit is charged an attempt. On this suite's own instance: a limit set over the API applies without a restart, and
 * bad input is refused naming the field.
 */
class ControlsAcrossInstancesIntegrationTest extends IntegrationTest {

	private static final String[] ADMIN = { "X-Test-User", "root", "X-Test-Roles", "SUPER_ADMIN" };

	private static final String[] AUDITOR = { "X-Test-User", "audrey", "X-Test-Roles", "AUDITOR" };

	private static final List<ConfigurableApplicationContext> INSTANCES = new ArrayList<>();

	@BeforeAll
	static void startTwoInstances() {
		String prefix = System.getenv().getOrDefault("JOBS_TEST_BROKER_PREFIX", "jobs-test") + "-limits";
		for (String name : List.of("limits-a", "limits-b")) {
			INSTANCES.add(new SpringApplicationBuilder(TestApplication.class, TestHandlers.class, LimitedTypeHandlers.class)
				.web(WebApplicationType.NONE)
				.profiles("test")
				.run("--jobs.broker.prefix=" + prefix, "--jobs.worker.id=" + name, "--spring.application.name=" + name,
						"--jobs.types.CAPPED.concurrency=8", "--jobs.types.CAPPED.prefetch=4",
						"--jobs.types.CAPPED.global-concurrency=2", "--jobs.types.METERED.concurrency=8",
						"--jobs.types.METERED.rate-limit=5/1s", "--jobs.types.PAUSABLE.concurrency=4",
						"--jobs.controls.poll-interval=1s"));
		}
	}

	@AfterAll
	static void stopThem() {
		INSTANCES.forEach(ConfigurableApplicationContext::close);
	}

	@Test
	void aPauseSentToOneInstanceStopsTheOtherWithinTwoSecondsAndItsWaitingJobsRunOnceAfterTheResume() {
		JobTypeControls onA = INSTANCES.get(0).getBean(JobTypeControls.class);
		JobTypeControls onB = INSTANCES.get(1).getBean(JobTypeControls.class);
		Workers workersOfB = INSTANCES.get(1).getBean(Workers.class);
		Workers workersOfA = INSTANCES.get(0).getBean(Workers.class);
		await().atMost(Duration.ofSeconds(10)).until(() -> workersOfB.consumersByType().get("PAUSABLE") == 4);

		onA.pause("PAUSABLE", "test");
		try {
			await().atMost(Duration.ofSeconds(2)).until(() -> workersOfB.consumersByType().get("PAUSABLE") == 0);
			await().atMost(Duration.ofSeconds(2)).until(() -> workersOfA.consumersByType().get("PAUSABLE") == 0);
			List<UUID> ids = submit(LimitedTypeHandlers.PAUSABLE, 200, 0);
			// They reach the queue and wait there, uncharged.
			await().atMost(Duration.ofSeconds(20)).until(() -> jdbc
				.sql("select count(*) from {jobs}.job where id = any(cast(:ids as uuid[])) and status = 'QUEUED' and attempt = 0")
				.param("ids", ids.toArray(UUID[]::new))
				.query(Long.class)
				.single() == ids.size());
			Instant resumed = jdbc.sql("select clock_timestamp()").query(java.sql.Timestamp.class).single().toInstant();
			onB.resume("PAUSABLE", "test");

			ids.forEach(id -> awaitStatus(id, JobStatus.SUCCEEDED, Duration.ofSeconds(60)));
			List<Span> attempts = attempts(ids);
			assertThat(attempts).hasSize(ids.size()).allSatisfy(a -> {
				assertThat(a.attempt()).as("one attempt each: the pause cost none").isEqualTo(1);
				assertThat(a.start()).as("started after the resume").isAfter(resumed);
			});
		}
		finally {
			onB.resume("PAUSABLE", "test");
		}
	}

	@Test
	void aGlobalConcurrencyOfTwoHoldsAcrossTwoInstancesWithEightConsumersEach() {
		List<UUID> ids = submit(LimitedTypeHandlers.CAPPED, 40, 100);

		ids.forEach(id -> awaitStatus(id, JobStatus.SUCCEEDED, Duration.ofSeconds(60)));

		List<Span> attempts = attempts(ids);
		assertThat(attempts).hasSize(ids.size()).allSatisfy(a -> assertThat(a.attempt()).isEqualTo(1));
		assertThat(mostAtOnce(attempts)).as("the most attempts running at once").isEqualTo(2);
		assertThat(attempts.stream().map(Span::worker).distinct()).as("both instances ran some")
			.containsExactlyInAnyOrder("limits-a", "limits-b");
	}

	@Test
	void aRateLimitOfFivePerSecondHoldsOverTwentySecondsWithinOneStart() {
		List<UUID> ids = submit(LimitedTypeHandlers.METERED, 110, 0);

		ids.forEach(id -> awaitStatus(id, JobStatus.SUCCEEDED, Duration.ofSeconds(90)));

		List<Span> attempts = attempts(ids);
		assertThat(attempts).hasSize(ids.size()).allSatisfy(a -> assertThat(a.attempt()).isEqualTo(1));
		List<Instant> starts = attempts.stream().map(Span::start).sorted().toList();
		for (Instant from : starts) {
			Instant until = from.plusSeconds(20);
			long inWindow = starts.stream().filter(s -> !s.isBefore(from) && s.isBefore(until)).count();
			assertThat(inWindow).as("starts in the 20 s from %s", from).isLessThanOrEqualTo(101);
		}
		// Spaced, not bunched: one start each 200 ms at the earliest, and not much later than the limit allows.
		Duration span = Duration.between(starts.get(0), starts.get(starts.size() - 1));
		assertThat(span).isGreaterThanOrEqualTo(Duration.ofMillis(200L * (starts.size() - 1)));
		assertThat(span).as("the limit, not the workers, set the pace").isLessThan(Duration.ofSeconds(40));
		assertThat(attempts.stream().map(Span::worker).distinct()).containsExactlyInAnyOrder("limits-a", "limits-b");
	}

	@Test
	void aLimitSetOverTheApiAppliesWithoutARestartUntilReset() {
		HttpResponse<String> limited = sendJson("PUT", "/api/job-types/SLEEP/global-concurrency",
				"{\"globalConcurrency\": 1}", ADMIN);
		assertThat(limited.statusCode()).as(limited.body()).isEqualTo(200);
		assertThat(body(limited).get("effectiveGlobalConcurrency").asInt()).isEqualTo(1);
		try {
			// Applied by this instance's controls watcher within about a second.
			await().atMost(Duration.ofSeconds(10))
				.until(() -> meters.get("jobs.type.global.concurrency").tag("type", "SLEEP").gauge().value() == 1);
			List<UUID> ids = new ArrayList<>();
			for (int i = 0; i < 6; i++) {
				ids.add(jobs.submit("SLEEP", Map.of("millis", 150)).id());
			}
			ids.forEach(id -> awaitStatus(id, JobStatus.SUCCEEDED, Duration.ofSeconds(30)));
			assertThat(mostAtOnce(attempts(ids))).isEqualTo(1);
		}
		finally {
			HttpResponse<String> reset = send("DELETE", "/api/job-types/SLEEP/global-concurrency", ADMIN);
			assertThat(body(reset).get("effectiveGlobalConcurrency").isNull()).isTrue();
		}
		assertThat(controls.get("SLEEP").limited()).isFalse();
	}

	@Test
	void aLimitThatMakesNoSenseIsRefusedNamingTheFieldAndOnlyAdministratorsLimit() {
		for (String body : List.of("{\"globalConcurrency\": 0}", "{\"globalConcurrency\": 100001}", "{}")) {
			HttpResponse<String> refused = sendJson("PUT", "/api/job-types/SLEEP/global-concurrency", body, ADMIN);
			assertThat(refused.statusCode()).as(body).isEqualTo(400);
			assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(
					type -> assertThat(type).startsWith("application/problem+json"));
			assertThat(body(refused).get("errors").get(0).get("field").asString()).isEqualTo("globalConcurrency");
		}
		for (String body : List.of("{\"rateLimit\": \"fast\"}", "{\"rateLimit\": \"0/1s\"}",
				"{\"rateLimit\": \"5000/1ms\"}", "{}")) {
			HttpResponse<String> refused = sendJson("PUT", "/api/job-types/SLEEP/rate-limit", body, ADMIN);
			assertThat(refused.statusCode()).as(body).isEqualTo(400);
			assertThat(body(refused).get("errors").get(0).get("field").asString()).isEqualTo("rateLimit");
		}
		HttpResponse<String> unknown = sendJson("PUT", "/api/job-types/NO_SUCH_TYPE/rate-limit",
				"{\"rateLimit\": \"1/1s\"}", ADMIN);
		assertThat(unknown.statusCode()).isEqualTo(400);
		assertThat(body(unknown).get("type").asString()).endsWith("/unknown-job-type");
		assertThat(sendJson("PUT", "/api/job-types/SLEEP/rate-limit", "{\"rateLimit\": \"1/1s\"}", AUDITOR)
			.statusCode()).isEqualTo(403);
		assertThat(sendJson("PUT", "/api/job-types/SLEEP/global-concurrency", "{\"globalConcurrency\": 1}", AUDITOR)
			.statusCode()).isEqualTo(403);
		assertThat(send("DELETE", "/api/job-types/SLEEP/rate-limit", AUDITOR).statusCode()).isEqualTo(403);
		assertThat(controls.get("SLEEP").limited()).isFalse();
	}

	@Autowired
	JobTypeControls controls;

	@Autowired
	Workers workers;

	@Autowired
	io.micrometer.core.instrument.MeterRegistry meters;

	record Span(UUID job, int attempt, String worker, Instant start, Instant end) {
	}

	private static List<UUID> submit(JobType<LimitedTypeHandlers.Work> type, int count, long millis) {
		JobClient client = INSTANCES.get(0).getBean(JobClient.class);
		List<UUID> ids = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			ids.add(client.submit(type, new LimitedTypeHandlers.Work(millis)).id());
		}
		return ids;
	}

	private List<Span> attempts(List<UUID> ids) {
		return jdbc.sql("""
				select job_id, attempt, worker_id, started_at, finished_at from {jobs}.job_attempt
				 where job_id = any(cast(:ids as uuid[]))
				""")
			.param("ids", ids.toArray(UUID[]::new))
			.query((rs, n) -> new Span(rs.getObject("job_id", UUID.class), rs.getInt("attempt"),
					rs.getString("worker_id"), rs.getTimestamp("started_at").toInstant(),
					rs.getTimestamp("finished_at").toInstant()))
			.list();
	}

	/** The most attempts running at the same instant. */
	static int mostAtOnce(List<Span> attempts) {
		int most = 0;
		for (Span a : attempts) {
			int atOnce = (int) attempts.stream()
				.filter(b -> !b.start().isAfter(a.start()) && b.end().isAfter(a.start()))
				.count();
			most = Math.max(most, atOnce);
		}
		return most;
	}

}
