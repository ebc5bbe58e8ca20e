package dev.jobs.core;

import java.time.Duration;
import java.util.UUID;

import dev.jobs.core.TestHandlers.FailPayload;
import dev.jobs.core.TestHandlers.RecordPayload;
import dev.jobs.core.delivery.Workers;
import dev.jobs.core.metrics.JobsGauges;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.junit.jupiter.api.Test;

import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The metrics move when jobs do: counters, timers, queue lag, dead-letter depth. */
class MetricsIntegrationTest extends IntegrationTest {

	@Autowired
	MeterRegistry meters;

	@Autowired
	JobsGauges gauges;

	@Autowired
	Workers workers;

	@Autowired
	AmqpAdmin admin;

	@Value("${jobs.broker.prefix}")
	String prefix;

	@Test
	void countersAndTimersMoveWithASucceededJob() {
		double submitted = count("jobs.submitted", "RECORD", null);
		double succeeded = count("jobs.completed", "RECORD", "succeeded");
		long runs = timerCount("jobs.run.duration", "RECORD", "succeeded");

		UUID id = jobs.submit("RECORD", new RecordPayload("metrics", 0)).id();
		awaitStatus(id, JobStatus.SUCCEEDED, Duration.ofSeconds(15));
		// Counted after commit, on the worker's thread: wait for it, not for a fixed time.
		await().atMost(Duration.ofSeconds(5))
			.until(() -> timerCount("jobs.run.duration", "RECORD", "succeeded") >= runs + 1);

		assertThat(count("jobs.submitted", "RECORD", null)).isEqualTo(submitted + 1);
		assertThat(count("jobs.completed", "RECORD", "succeeded")).isGreaterThanOrEqualTo(succeeded + 1);
		assertThat(timerCount("jobs.run.duration", "RECORD", "succeeded")).isGreaterThanOrEqualTo(runs + 1);
		assertThat(meters.find("jobs.queue.time").tag("type", "RECORD").timer()).isNotNull();
	}

	@Test
	void queueLagGrowsWhileNobodyConsumesAndFallsBackWhenWorkersReturn() {
		workers.stopConsuming("LAGGY");
		UUID id;
		try {
			id = jobs.submit("LAGGY", new RecordPayload("waiting", 0)).id();
			assertThat(refreshedUntil(() -> gauge("jobs.queue.lag", "type", "LAGGY"), v -> v >= 2.0))
				.isGreaterThanOrEqualTo(2.0);
			assertThat(gauge("jobs.waiting", "type", "LAGGY")).isGreaterThanOrEqualTo(1.0);
			assertThat(refreshedUntil(() -> gauge("jobs.queue.consumers", "queue", prefix + ".LAGGY"), v -> v == 0))
				.isZero();
		}
		finally {
			workers.startConsuming("LAGGY");
		}
		awaitStatus(id, JobStatus.SUCCEEDED, Duration.ofSeconds(15));
		gauges.refresh();

		assertThat(gauge("jobs.queue.lag", "type", "LAGGY")).isZero();
		assertThat(refreshedUntil(() -> gauge("jobs.queue.consumers", "queue", prefix + ".LAGGY"), v -> v >= 1))
			.isGreaterThanOrEqualTo(1.0);
	}

	@Test
	void deadLetterQueueDepthShowsAJobThatFailedForGood() {
		admin.purgeQueue(prefix + ".DOOMED.dlq", false);
		double deadLettered = count("jobs.dead.lettered", "DOOMED", null);

		UUID id = jobs.submit("DOOMED", new FailPayload("for the metrics")).id();
		awaitStatus(id, JobStatus.FAILED, Duration.ofSeconds(15));
		// The dead-letter publish follows the commit: the refresh below waits for it.
		assertThat(refreshedUntil(() -> queueMessages(prefix + ".DOOMED.dlq", "ready"), v -> v == 1)).isEqualTo(1.0);
		assertThat(count("jobs.dead.lettered", "DOOMED", null)).isEqualTo(deadLettered + 1);
	}

	@Test
	void unacknowledgedDepthCountsTheMessageOfAJobBeingWorkedOn() {
		UUID id = jobs.submit("SLEEP", java.util.Map.of("millis", 20000)).id();
		awaitStatus(id, JobStatus.RUNNING, Duration.ofSeconds(15));

		double unacked = refreshedUntil(() -> queueMessages(prefix + ".SLEEP", "unacked"), v -> v >= 1);

		assertThat(unacked).as("unacknowledged messages on %s.SLEEP while job %s runs", prefix, id)
			.isGreaterThanOrEqualTo(1.0);
		assertThat(queueMessages(prefix + ".SLEEP", "ready")).isNotNaN();
		// The sleep is long so that a slow statistics round of the broker cannot miss it; no need to sit it out.
		jobs.cancel(id);
		awaitStatus(id, JobStatus.CANCELLED, Duration.ofSeconds(15));
	}

	@Test
	void outboxBacklogCountsJobsTheBrokerHasNotConfirmed() {
		UUID id = UUID.randomUUID();
		jdbc.sql("""
				insert into {jobs}.job (id, type, payload, status, max_attempts, run_at, created_by)
				values (:id, 'NO_QUEUE_FOR_THIS', '{}', 'PENDING', 3, now() - interval '1 minute', 'test')
				""").param("id", id).update();
		try {
			gauges.refresh();
			assertThat(gauge("jobs.outbox.backlog", null, null)).isGreaterThanOrEqualTo(1.0);
			assertThat(gauge("jobs.outbox.oldest.age", null, null)).isGreaterThanOrEqualTo(59.0);
		}
		finally {
			jdbc.sql("delete from {jobs}.job where id = :id").param("id", id).update();
		}
	}

	private double count(String name, String type, String outcome) {
		var search = meters.find(name).tag("type", type);
		if (outcome != null) {
			search = search.tag("outcome", outcome);
		}
		Counter counter = search.counter();
		return (counter != null) ? counter.count() : 0;
	}

	private long timerCount(String name, String type, String outcome) {
		Timer timer = meters.find(name).tag("type", type).tag("outcome", outcome).timer();
		return (timer != null) ? timer.count() : 0;
	}

	/**
	 * Refreshes the gauges until {@code value} satisfies {@code done} (at most 10 s) and returns the
	 * last value: the management API renews its statistics only every 5 s.
	 */
	private double refreshedUntil(java.util.function.DoubleSupplier value, java.util.function.DoublePredicate done) {
		try {
			return await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250)).until(() -> {
				gauges.refresh();
				return value.getAsDouble();
			}, done::test);
		}
		catch (org.awaitility.core.ConditionTimeoutException ex) {
			return value.getAsDouble(); // the caller's assertion says what was expected
		}
	}

	private double queueMessages(String queue, String kind) {
		return meters.find("jobs.queue.messages").tag("queue", queue).tag("kind", kind).gauge().value();
	}

	private double gauge(String name, String tag, String value) {
		var search = meters.find(name);
		if (tag != null) {
			search = search.tag(tag, value);
		}
		return search.gauge().value();
	}

}
