package dev.jobs.core.delivery;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import dev.jobs.core.IntegrationTest;
import dev.jobs.core.JobAttemptView;
import dev.jobs.core.JobStatus;
import dev.jobs.core.JobView;
import dev.jobs.core.TestHandlers.RecordPayload;
import dev.jobs.core.TestHandlers;
import dev.jobs.core.job.JobMessage;
import dev.jobs.core.job.JobMetrics;
import dev.jobs.core.job.JobClaims;
import dev.jobs.core.job.JobTypeRegistry;
import dev.jobs.core.job.Payloads;
import dev.jobs.testapp.TestApplication;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.connection.Connection;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.support.DefaultMessagePropertiesConverter;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.dao.TransientDataAccessResourceException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A worker's own rules, against the real database and broker: it returns deliveries unclaimed while
 * it stops, enforces timeouts on handlers that ignore them, stops handlers whose lease is gone,
 * keeps a lease until the outcome is committed, and recognises its own claim after an ambiguous
 * commit.
 */
class WorkerLifecycleIntegrationTest extends IntegrationTest {

	@Autowired
	EngineDatabase engine;

	@Autowired
	AttemptRecorder recorder;

	@Autowired
	JobTypeRegistry registry;

	@Autowired
	Payloads payloads;

	@Autowired
	JobTopology topology;

	@Autowired
	JobMetrics metrics;

	@Autowired
	ConnectionFactory connectionFactory;

	@BeforeEach
	void forgetJobsOfEarlierRuns() {
		// Handlers of an interrupted earlier run must not hold this run's consumers.
		jdbc.sql("delete from {jobs}.job where type in ('STUBBORN', 'LEASE_AWARE') and status not in ('SUCCEEDED', 'FAILED', 'CANCELLED') "
				+ "and created_at < now() - interval '1 minute'").update();
	}

	@Test
	void stoppingWorkerReturnsADeliveryUnclaimedWhateverTheContainerDoes() throws Exception {
		UUID id = insertJob("RECORD", "QUEUED", 0, 3, null, "now() - interval '1 second'", "now()");
		JobWorker stopping = new JobWorker(registry.require("RECORD"),
				new WorkerClaims(engine.store(), registry, payloads, new RunningJobs(), "stopping-worker",
						Duration.ofSeconds(30)),
				recorder, new BatchLedger(engine.store(), "stopping-worker", Duration.ofSeconds(30)), metrics, () -> true,
				topology);
		try (Connection connection = connectionFactory.createConnection();
				Channel channel = connection.createChannel(false)) {
			String queue = channel.queueDeclare().getQueue(); // server-named, exclusive, ours alone
			String body = "{\"jobId\": \"" + id + "\", \"type\": \"RECORD\", \"attempt\": 0}";
			channel.basicPublish("", queue, null, body.getBytes(StandardCharsets.UTF_8));
			GetResponse delivery = await().atMost(Duration.ofSeconds(5)).until(() -> channel.basicGet(queue, false),
					r -> r != null);

			stopping.onMessage(toMessage(delivery), channel);

			GetResponse again = await().atMost(Duration.ofSeconds(5)).until(() -> channel.basicGet(queue, false),
					r -> r != null);
			assertThat(again.getEnvelope().isRedeliver()).as("the same delivery, returned to the queue").isTrue();
			channel.basicAck(again.getEnvelope().getDeliveryTag(), false);
		}
		JobView job = jobs.find(id).orElseThrow();
		assertThat(job.status()).isEqualTo(JobStatus.QUEUED);
		assertThat(job.attempt()).as("no attempt burned").isZero();
		assertThat(TestHandlers.executions(id)).isZero();
		jdbc.sql("delete from {jobs}.job where id = :id").param("id", id).update();
	}

	@Test
	void handlerThatIgnoresItsTimeoutIsRecordedTimedOutAfterTheGraceAndTheJobMovesOn() {
		UUID id = jobs.submit("STUBBORN", new RecordPayload("ignores interrupts", 0)).id();
		try {
			// timeout 1 s + grace 1 s; the handler never returns by itself.
			JobView failed = awaitStatus(id, JobStatus.FAILED, Duration.ofSeconds(15));

			assertThat(failed.lastError()).contains("timeout").contains("did not stop");
			assertThat(attempts(id)).extracting(JobAttemptView::outcome).containsExactly("TIMED_OUT");
			assertThat(jdbc.sql("select lease_until is null from {jobs}.job where id = :id").param("id", id)
				.query(Boolean.class).single()).as("lease given up").isTrue();
		}
		finally {
			TestHandlers.RELEASED.add(id);
		}
		// When the blocked handler finally returns, its late success is refused.
		await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5))
			.until(() -> jobs.find(id).orElseThrow().status() == JobStatus.FAILED);
	}

	@Test
	void cancelIgnoredByTheHandlerDoesNotStopItsTimeoutFromEndingTheAttempt() {
		UUID id = jobs.submit("STUBBORN", new RecordPayload("ignores cancel", 0)).id();
		try {
			awaitStatus(id, JobStatus.RUNNING, Duration.ofSeconds(10));
			jobs.cancel(id);

			JobView cancelled = awaitStatus(id, JobStatus.CANCELLED, Duration.ofSeconds(15));

			assertThat(attempts(id)).singleElement().extracting(JobAttemptView::outcome).isEqualTo("TIMED_OUT");
			assertThat(cancelled.finishedAt()).isNotNull();
		}
		finally {
			TestHandlers.RELEASED.add(id);
		}
	}

	@Test
	void shutdownHandsBackAJobWhoseHandlerIgnoresItsInterruptAndAnotherInstanceRunsIt() throws Exception {
		ConfigurableApplicationContext stopping = new SpringApplicationBuilder(TestApplication.class, TestHandlers.class)
			.web(WebApplicationType.NONE)
			.profiles("test")
			.run("--jobs.broker.queue-type=CLASSIC", "--jobs.broker.retry-tiers=1s",
					"--jobs.broker.prefix=" + System.getenv().getOrDefault("JOBS_TEST_BROKER_PREFIX", "jobs-test") + "-stubborn", "--jobs.worker.drain-timeout=1s",
					"--jobs.worker.id=stubborn-instance", "--jobs.relay.enabled=false",
					"--jobs.types.STUBBORN.timeout=1m");
		UUID id = stopping.getBean(dev.jobs.core.JobClient.class).submit("STUBBORN", new RecordPayload("stop me", 0)).id();
		awaitStatus(id, JobStatus.RUNNING, Duration.ofSeconds(15));
		// Drain 1 s, interrupt (ignored), wait 5 s more: then the job is handed back without its handler.
		Thread closing = new Thread(stopping::close, "close-stubborn-instance");
		closing.start();
		await().atMost(Duration.ofSeconds(20)).until(() -> !attempts(id).isEmpty());
		assertThat(attempts(id)).singleElement().satisfies(attempt -> {
			assertThat(attempt.outcome()).isEqualTo("HANDED_BACK");
			assertThat(attempt.workerId()).isEqualTo("stubborn-instance");
		});
		// Before the relay republishes it (min-age 2 s): the next attempt, on this instance, may end.
		TestHandlers.RELEASED.add(id);

		JobView done = awaitStatus(id, JobStatus.SUCCEEDED, Duration.ofSeconds(20));

		assertThat(attempts(id)).extracting(JobAttemptView::outcome).containsExactly("HANDED_BACK", "SUCCEEDED");
		assertThat(done.maxAttempts()).as("the handed-back attempt is not counted").isEqualTo(2);
		closing.join(Duration.ofSeconds(30).toMillis());
	}

	@Test
	void handlerWhoseLeaseWasTakenOverIsAskedToStopAndItsOutcomeIsRefused() {
		UUID id = jobs.submit("LEASE_AWARE", new RecordPayload("lease taken", 0)).id();
		awaitStatus(id, JobStatus.RUNNING, Duration.ofSeconds(10));
		// Another worker took the job over (this one was paused past its lease and reaped).
		jdbc.sql("""
				update {jobs}.job set attempt = attempt + 1, worker_id = 'other-worker',
				       lease_until = now() + interval '1 minute' where id = :id
				""").param("id", id).update();

		await().atMost(Duration.ofSeconds(5)).until(() -> TestHandlers.ASKED_TO_STOP.contains(id));

		JobView job = jobs.find(id).orElseThrow();
		assertThat(job.status()).as("the other worker's attempt is untouched").isEqualTo(JobStatus.RUNNING);
		assertThat(job.attempt()).isEqualTo(2);
		assertThat(attempts(id)).isEmpty();
		jdbc.sql("update {jobs}.job set status = 'CANCELLED', lease_until = null where id = :id").param("id", id).update();
	}

	@Test
	void slowCompletionKeepsItsLeaseAndTheJobRunsOnce() {
		// The handler returns at once, but recording its result takes 4.5 s: longer than the 3 s lease.
		UUID id = jobs.submit("SLOW_RESULT", new RecordPayload("slow completion", 4500)).id();

		JobView done = awaitStatus(id, JobStatus.SUCCEEDED, Duration.ofSeconds(20));

		assertThat(done.attempt()).isEqualTo(1);
		assertThat(attempts(id)).extracting(JobAttemptView::outcome).containsExactly("SUCCEEDED");
		assertThat(TestHandlers.executions(id)).isEqualTo(1);
	}

	@Test
	void claimRetriedAfterAnAmbiguousCommitWinsTheSameAttemptInsteadOfBurningIt() {
		UUID id = insertJob("RECORD", "QUEUED", 0, 3, null, "now() - interval '1 second'", "now()");
		JobMessage message = new JobMessage(id, "RECORD", 0, 0);
		UUID claimId = UUID.randomUUID();
		AtomicInteger calls = new AtomicInteger();
		DatabaseRetry database = new DatabaseRetry(() -> false);

		// The first try commits on the server, then the connection drops before the answer arrives.
		JobClaims.ClaimResult claim = database.call("claim", () -> {
			JobClaims.ClaimResult result = engine.store().claims().claim(message, "ambiguous-worker", claimId, Duration.ofSeconds(30));
			if (calls.incrementAndGet() == 1) {
				throw new TransientDataAccessResourceException("I/O error: connection reset after commit");
			}
			return result;
		});

		assertThat(calls).hasValue(2);
		assertThat(claim.won()).as("the retried claim recognises its own win").isTrue();
		assertThat(claim.job().attempt()).isEqualTo(1);
		JobClaims.ClaimResult otherDelivery = engine.store().claims().claim(message, "ambiguous-worker", UUID.randomUUID(),
				Duration.ofSeconds(30));
		assertThat(otherDelivery.won()).as("a duplicate delivery on the same worker does not").isFalse();
		jdbc.sql("delete from {jobs}.job where id = :id").param("id", id).update();
	}

	private static Message toMessage(GetResponse response) {
		MessageProperties properties = new DefaultMessagePropertiesConverter().toMessageProperties(response.getProps(),
				response.getEnvelope(), "UTF-8");
		return new Message(response.getBody(), properties);
	}

}
