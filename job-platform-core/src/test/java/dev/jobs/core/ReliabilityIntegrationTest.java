package dev.jobs.core;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import dev.jobs.testapp.TestApplication;

import dev.jobs.core.job.AttemptEnd;
import dev.jobs.core.delivery.EngineDatabase;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Where a job ends up when the usual path breaks: lost publishes, lost retry messages, dead
 * workers, zombie workers, unroutable messages, an instance shutting down mid-job.
 */
class ReliabilityIntegrationTest extends IntegrationTest {

	@Autowired
	EngineDatabase engine;

	@Test
	void jobWhosePublishWasLostIsPublishedByTheRelay() {
		UUID id = insert("PENDING", 0, 3, null, "now() - interval '1 minute'");

		JobView done = awaitStatus(id, JobStatus.SUCCEEDED, Duration.ofSeconds(15));

		assertThat(done.attempt()).isEqualTo(1);
		assertThat(TestHandlers.executions(id)).isEqualTo(1);
	}

	@Test
	void retryWhoseMessageWasLostIsPublishedByTheRelay() {
		UUID id = insert("RETRY_WAIT", 1, 3, null, "now() - interval '1 minute'");

		JobView done = awaitStatus(id, JobStatus.SUCCEEDED, Duration.ofSeconds(15));

		assertThat(done.attempt()).isEqualTo(2);
		assertThat(TestHandlers.executions(id)).isEqualTo(1);
	}

	@Test
	void jobOfADeadWorkerIsRetriedAfterItsLeaseExpires() {
		UUID id = insert("RUNNING", 1, 3, "dead-worker", "now() - interval '1 minute'");

		JobView done = awaitStatus(id, JobStatus.SUCCEEDED, Duration.ofSeconds(20));

		assertThat(done.attempt()).isEqualTo(2);
		assertThat(attempts(id)).extracting(JobAttemptView::outcome).containsExactly("LOST", "SUCCEEDED");
		assertThat(attempts(id).get(0).error()).contains("dead-worker").contains("lease");
		assertThat(TestHandlers.executions(id)).isEqualTo(1);
	}

	@Test
	void deadWorkersLastAttemptFailsTheJob() {
		UUID id = insert("RUNNING", 3, 3, "dead-worker", "now() - interval '1 minute'");

		JobView failed = awaitStatus(id, JobStatus.FAILED, Duration.ofSeconds(15));

		assertThat(failed.lastError()).contains("lease");
		assertThat(attempts(id)).extracting(JobAttemptView::outcome).containsExactly("LOST");
		assertThat(TestHandlers.executions(id)).isZero();
	}

	@Test
	void cancelledJobOfADeadWorkerEndsCancelled() {
		UUID id = insert("RUNNING", 1, 3, "dead-worker", "now() - interval '1 minute'");
		jdbc.sql("update {jobs}.job set cancel_requested = true where id = :id").param("id", id).update();

		awaitStatus(id, JobStatus.CANCELLED, Duration.ofSeconds(15));
		assertThat(TestHandlers.executions(id)).isZero();
	}

	@Test
	void zombieWorkerCannotCompleteAnAttemptThatWasTakenOver() {
		UUID id = insert("RUNNING", 2, 3, "new-worker", "now() + interval '1 minute'");

		boolean zombieWins = engine.store().attemptEnds().endAttempt(id, 1, AttemptEnd.succeeded("{\"from\": \"zombie\"}"));

		assertThat(zombieWins).isFalse();
		assertThat(jobs.find(id).orElseThrow().status()).isEqualTo(JobStatus.RUNNING);
		assertThat(engine.store().attemptEnds().endAttempt(id, 2, AttemptEnd.succeeded("{\"from\": \"owner\"}"))).isTrue();
		assertThat(jobs.find(id).orElseThrow().result().get("from").asString()).isEqualTo("owner");
	}

	@Test
	void unroutableJobOfAnUnregisteredTypeIsNeverMarkedQueuedAndEndsFailedWithTheReason() {
		// A type with no queue on the broker: the publish is returned, so the job must not count as queued.
		UUID id = UUID.randomUUID();
		jdbc.sql("""
				insert into {jobs}.job (id, type, payload, status, max_attempts, run_at, created_by, updated_at)
				values (:id, 'NO_QUEUE_FOR_THIS', '{}', 'PENDING', 3, now(), 'test', now() - interval '1 minute')
				""").param("id", id).update();
		try {
			JobView failed = awaitStatus(id, JobStatus.FAILED, Duration.ofSeconds(15));
			assertThat(failed.lastError()).contains("NO_QUEUE_FOR_THIS is not registered");
			assertThat(failed.attempt()).isZero();
			assertThat(jdbc.sql("select dispatched_at is null from {jobs}.job where id = :id").param("id", id)
				.query(Boolean.class).single()).as("never counted as confirmed").isTrue();
		}
		finally {
			jdbc.sql("delete from {jobs}.job where id = :id").param("id", id).update();
		}
	}

	@Test
	void instanceShuttingDownHandsItsRunningJobBackAndAnotherInstanceFinishesIt() {
		ConfigurableApplicationContext second = new SpringApplicationBuilder(TestApplication.class, TestHandlers.class)
			.web(WebApplicationType.NONE)
			.profiles("test")
			.run(
					// A throwaway instance: classic queues and one retry tier keep the shared broker light.
					"--jobs.broker.queue-type=CLASSIC", "--jobs.broker.retry-tiers=1s", "--jobs.broker.prefix=" + System.getenv().getOrDefault("JOBS_TEST_BROKER_PREFIX", "jobs-test") + "-second", "--jobs.worker.drain-timeout=1s",
					"--jobs.worker.id=second-instance", "--jobs.relay.enabled=false");
		UUID id;
		try {
			id = second.getBean(JobClient.class).submit("SLEEP", Map.of("millis", 4000)).id();
			JobView running = awaitStatus(id, JobStatus.RUNNING, Duration.ofSeconds(15));
			assertThat(running.attempt()).isEqualTo(1);
		}
		finally {
			second.close();
		}

		JobView handedBack = jobs.find(id).orElseThrow();
		assertThat(handedBack.status()).as("right after the shutdown: %s", handedBack)
			.isIn(JobStatus.PENDING, JobStatus.QUEUED, JobStatus.RUNNING);
		JobView done = awaitStatus(id, JobStatus.SUCCEEDED, Duration.ofSeconds(30));
		assertThat(attempts(id)).extracting(JobAttemptView::outcome).containsExactly("HANDED_BACK", "SUCCEEDED");
		assertThat(attempts(id).get(0).workerId()).isEqualTo("second-instance");
		// The interrupted attempt does not count against the job's budget.
		assertThat(done.maxAttempts()).isEqualTo(4);
	}

	private UUID insert(String status, int attempt, int maxAttempts, String worker, String timestamps) {
		UUID id = UUID.randomUUID();
		jdbc.sql("""
				insert into {jobs}.job (id, type, payload, status, attempt, max_attempts, run_at, created_by, worker_id,
				                 lease_until, started_at, updated_at)
				values (:id, 'RECORD', '{"name": "reliability", "sleepMillis": 0}', :status, :attempt, :max,
				        %1$s, 'test', :worker, %1$s, %1$s, %1$s)
				""".formatted(timestamps))
			.param("id", id)
			.param("status", status)
			.param("attempt", attempt)
			.param("max", maxAttempts)
			.param("worker", worker)
			.update();
		return id;
	}

}
