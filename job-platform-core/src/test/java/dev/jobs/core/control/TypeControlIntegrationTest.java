package dev.jobs.core.control;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.jobs.core.IntegrationTest;
import dev.jobs.core.JobStatus;
import dev.jobs.core.JobTypeControls;
import dev.jobs.core.JobView;
import dev.jobs.core.delivery.EngineDatabase;
import dev.jobs.core.delivery.Workers;
import dev.jobs.core.job.OutboxRows.Relayable;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Pausing, resuming and scaling a job type while the platform runs: a paused type's jobs wait without being
 * charged, dead-lettered or republished, and run once it resumes; a running attempt finishes; a new concurrency
 * applies without a restart; only administrators act, and bad input is a 400 naming the field.
 */
class TypeControlIntegrationTest extends IntegrationTest {

	private static final String[] ADMIN = { "X-Test-User", "root", "X-Test-Roles", "SUPER_ADMIN" };

	private static final String[] AUDITOR = { "X-Test-User", "audrey", "X-Test-Roles", "AUDITOR" };

	private static final String[] ALICE = { "X-Test-User", "alice", "X-Test-Roles", "USER" };

	private static final Duration APPLIED = Duration.ofSeconds(10);

	@Autowired
	JobTypeControls controls;

	@Autowired
	Workers workers;

	@Autowired
	EngineDatabase engine;

	@Autowired
	AmqpAdmin broker;

	@Autowired
	MeterRegistry meters;

	@Value("${jobs.broker.prefix}")
	String prefix;

	@AfterEach
	void runAsConfigured() {
		controls.resume("SLEEP", "test");
		controls.resetConcurrency("SLEEP", "test");
		await().atMost(APPLIED).until(() -> workers.consumersByType().get("SLEEP") == 4);
	}

	@Test
	void aPausedTypesJobsWaitUnchargedAndRunOnceItResumes() {
		assertThat(send("POST", "/api/job-types/SLEEP/pause", ADMIN).statusCode()).isEqualTo(200);
		await().atMost(APPLIED).until(() -> workers.consumersByType().get("SLEEP") == 0);

		List<UUID> waiting = List.of(submitSleep(0), submitSleep(0), submitSleep(0));
		// Their messages reach the queue and stay there: nobody consumes a paused type.
		await().atMost(APPLIED)
			.until(() -> broker.getQueueInfo(prefix + ".SLEEP").getMessageCount() >= waiting.size());
		for (UUID id : waiting) {
			JobView job = jobs.find(id).orElseThrow();
			assertThat(job.status()).as("waiting, not started").isIn(JobStatus.PENDING, JobStatus.QUEUED);
			assertThat(job.attempt()).as("no attempt charged").isZero();
		}
		assertThat(meters.get("jobs.type.paused").tag("type", "SLEEP").gauge().value()).isEqualTo(1);
		// Long overdue as far as the relay's backstop is concerned, and not republished: not lost, paused.
		List<Relayable> overdue = engine.store().outbox().lockRelayable(Duration.ofDays(1), Duration.ofMillis(1), 1000);
		assertThat(overdue).extracting(r -> r.message().jobId()).doesNotContainAnyElementsOf(waiting);

		assertThat(send("POST", "/api/job-types/SLEEP/resume", ADMIN).statusCode()).isEqualTo(200);

		for (UUID id : waiting) {
			JobView done = awaitStatus(id, JobStatus.SUCCEEDED, Duration.ofSeconds(20));
			assertThat(done.attempt()).as("one attempt: the pause cost none").isEqualTo(1);
		}
		assertThat(broker.getQueueInfo(prefix + ".SLEEP.dlq").getMessageCount()).as("nothing dead-lettered").isZero();
	}

	@Test
	void anAttemptRunningWhenItsTypeIsPausedFinishesAndNoNewOneStarts() {
		UUID running = submitSleep(1500);
		awaitStatus(running, JobStatus.RUNNING, Duration.ofSeconds(10));

		controls.pause("SLEEP", "test");
		await().atMost(APPLIED).until(() -> workers.consumersByType().get("SLEEP") == 0);
		UUID next = submitSleep(0);

		assertThat(awaitStatus(running, JobStatus.SUCCEEDED, Duration.ofSeconds(20)).attempt()).isEqualTo(1);
		await().atMost(APPLIED).until(() -> broker.getQueueInfo(prefix + ".SLEEP").getMessageCount() >= 1);
		assertThat(jobs.find(next).orElseThrow().status()).isIn(JobStatus.PENDING, JobStatus.QUEUED);
	}

	@Test
	void aTypeResumedWhileItsConsumersStillStopConsumesAgain() {
		UUID running = submitSleep(2000);
		awaitStatus(running, JobStatus.RUNNING, Duration.ofSeconds(10));

		// The pause's stop waits for the running attempt; the resume comes before it has finished.
		workers.pause("SLEEP");
		workers.resume("SLEEP");

		assertThat(awaitStatus(running, JobStatus.SUCCEEDED, Duration.ofSeconds(20)).attempt()).isEqualTo(1);
		UUID next = submitSleep(0);
		assertThat(awaitStatus(next, JobStatus.SUCCEEDED, Duration.ofSeconds(20)).attempt()).isEqualTo(1);
		await().atMost(APPLIED).until(() -> workers.consumersByType().get("SLEEP") == 4);
	}

	@Test
	void aPausedTypeStaysStoppedWhenTheWorkersRestart() {
		controls.pause("SLEEP", "test");
		await().atMost(APPLIED).until(() -> workers.consumersByType().get("SLEEP") == 0);

		workers.stop();
		workers.start();

		assertThat(workers.consumersByType().get("SLEEP")).isZero();
		assertThat(workers.consumersByType().get("NOOP")).isPositive();
	}

	@Test
	void aNewConcurrencyAppliesWithoutARestartUntilReset() {
		HttpResponse<String> scaled = sendJson("PUT", "/api/job-types/SLEEP/concurrency", "{\"concurrency\": 2}", ADMIN);
		assertThat(scaled.statusCode()).as(scaled.body()).isEqualTo(200);
		assertThat(body(scaled).get("configuredConcurrency").asInt()).isEqualTo(4);
		assertThat(body(scaled).get("effectiveConcurrency").asInt()).isEqualTo(2);
		await().atMost(APPLIED).until(() -> workers.consumersByType().get("SLEEP") == 2);
		assertThat(meters.get("jobs.type.concurrency").tag("type", "SLEEP").gauge().value()).isEqualTo(2);

		HttpResponse<String> reset = send("DELETE", "/api/job-types/SLEEP/concurrency", ADMIN);
		assertThat(body(reset).get("effectiveConcurrency").asInt()).isEqualTo(4);
		await().atMost(APPLIED).until(() -> workers.consumersByType().get("SLEEP") == 4);
	}

	@Test
	void badInputIsRefusedNamingTheFieldAndOnlyAdministratorsAct() {
		for (String body : List.of("{\"concurrency\": 0}", "{\"concurrency\": 257}", "{}")) {
			HttpResponse<String> refused = sendJson("PUT", "/api/job-types/SLEEP/concurrency", body, ADMIN);
			assertThat(refused.statusCode()).as(body).isEqualTo(400);
			assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(
					type -> assertThat(type).startsWith("application/problem+json"));
			assertThat(body(refused).get("errors").get(0).get("field").asString()).isEqualTo("concurrency");
		}
		HttpResponse<String> unknown = send("POST", "/api/job-types/NO_SUCH_TYPE/pause", ADMIN);
		assertThat(unknown.statusCode()).isEqualTo(400);
		assertThat(body(unknown).get("type").asString()).endsWith("/unknown-job-type");

		for (String[] who : List.of(AUDITOR, ALICE)) {
			assertThat(send("POST", "/api/job-types/SLEEP/pause", who).statusCode()).isEqualTo(403);
			assertThat(send("POST", "/api/job-types/SLEEP/resume", who).statusCode()).isEqualTo(403);
			assertThat(sendJson("PUT", "/api/job-types/SLEEP/concurrency", "{\"concurrency\": 1}", who).statusCode())
				.isEqualTo(403);
			assertThat(send("DELETE", "/api/job-types/SLEEP/concurrency", who).statusCode()).isEqualTo(403);
		}
		assertThat(controls.get("SLEEP").paused()).isFalse();
		assertThat(controls.get("SLEEP").concurrencyOverride()).isNull();
	}

	private UUID submitSleep(long millis) {
		return jobs.submit("SLEEP", Map.of("millis", millis)).id();
	}

}
