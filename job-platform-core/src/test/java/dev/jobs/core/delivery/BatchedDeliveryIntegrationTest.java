package dev.jobs.core.delivery;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import dev.jobs.core.IntegrationTest;
import dev.jobs.core.JobAttemptView;
import dev.jobs.core.JobStatus;
import dev.jobs.core.JobView;
import dev.jobs.core.TestHandlers;
import dev.jobs.core.job.DefaultJobClient;
import dev.jobs.core.job.JobEndings;
import dev.jobs.core.job.JobMessage;
import dev.jobs.core.job.JobStore;
import dev.jobs.core.job.JobTypeRegistry;
import dev.jobs.core.job.Payloads;
import dev.jobs.core.metrics.JobMetrics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.connection.Connection;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.support.DefaultMessagePropertiesConverter;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.TransientDataAccessResourceException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The batched worker path (prefetch &gt; 1), driven with real deliveries from a private queue of the
 * real broker against the real database: one claim for the batch, one statement for its
 * successes, one acknowledgement, and every single-delivery rule on each member.
 */
class BatchedDeliveryIntegrationTest extends IntegrationTest {

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

	@Autowired
	JobEndings endings;

	@Autowired
	JobPublisher publisher;

	private final List<UUID> created = new ArrayList<>();

	@AfterEach
	void removeJobs() {
		created.forEach(id -> jdbc.sql("delete from job where id = :id").param("id", id).update());
	}

	@Test
	void batchIsClaimedRunAndRecordedAndEveryDeliveryAcknowledged() throws Exception {
		List<UUID> ids = List.of(queued("a", 0), queued("b", 0), queued("c", 0));

		List<UUID> unacknowledged = runBatch(worker(engine.store(), recorder),
				ids.stream().map(id -> new JobMessage(id, "BATCHED", 0, 0)).toList());

		assertThat(unacknowledged).isEmpty();
		for (UUID id : ids) {
			JobView job = jobs.find(id).orElseThrow();
			assertThat(job.status()).isEqualTo(JobStatus.SUCCEEDED);
			assertThat(job.result().get("greeting").asText()).startsWith("hello ");
			assertThat(attempts(id)).extracting(JobAttemptView::outcome).containsExactly("SUCCEEDED");
			assertThat(TestHandlers.executions(id)).isEqualTo(1);
		}
	}

	@Test
	void stoppingWorkerReturnsTheWholeBatchUnclaimed() throws Exception {
		List<UUID> ids = List.of(queued("p", 0), queued("q", 0));
		JobWorker stopping = new JobWorker(registry.require("BATCHED"), engine.store(), registry, payloads, topology,
				recorder, new RunningJobs(), () -> true, "batch-test-worker", Duration.ofSeconds(30), metrics, openBatches);

		List<UUID> returned = runBatch(stopping, ids.stream().map(id -> new JobMessage(id, "BATCHED", 0, 0)).toList());

		assertThat(returned).containsExactlyInAnyOrderElementsOf(ids);
		for (UUID id : ids) {
			JobView job = jobs.find(id).orElseThrow();
			assertThat(job.status()).isEqualTo(JobStatus.QUEUED);
			assertThat(job.attempt()).as("no attempt burned").isZero();
			assertThat(TestHandlers.executions(id)).isZero();
		}
	}

	@Test
	void duplicateDeliveryInsideABatchRunsTheJobOnce() throws Exception {
		UUID twice = queued("twice", 0);
		UUID once = queued("once", 0);

		List<UUID> unacknowledged = runBatch(worker(engine.store(), recorder), List.of(new JobMessage(twice, "BATCHED", 0, 0),
				new JobMessage(once, "BATCHED", 0, 0), new JobMessage(twice, "BATCHED", 0, 0)));

		assertThat(unacknowledged).as("the duplicate is acknowledged and dropped").isEmpty();
		assertThat(TestHandlers.executions(twice)).isEqualTo(1);
		assertThat(TestHandlers.executions(once)).isEqualTo(1);
		assertThat(jobs.find(twice).orElseThrow().attempt()).isEqualTo(1);
		assertThat(attempts(twice)).extracting(JobAttemptView::outcome).containsExactly("SUCCEEDED");
	}

	@Test
	void oneFailingHandlerInABatchFailsOnlyItsOwnJob() throws Exception {
		UUID before = queued("before", 0);
		UUID failing = queued("fail-me", 0);
		UUID after = queued("after", 0);

		List<UUID> unacknowledged = runBatch(worker(engine.store(), recorder),
				List.of(before, failing, after).stream().map(id -> new JobMessage(id, "BATCHED", 0, 0)).toList());

		assertThat(unacknowledged).isEmpty();
		assertThat(jobs.find(before).orElseThrow().status()).isEqualTo(JobStatus.SUCCEEDED);
		assertThat(jobs.find(after).orElseThrow().status()).isEqualTo(JobStatus.SUCCEEDED);
		JobView failed = jobs.find(failing).orElseThrow();
		assertThat(failed.status()).isEqualTo(JobStatus.FAILED);
		assertThat(failed.lastError()).contains("BATCHED fails fail-me");
		assertThat(attempts(failing)).extracting(JobAttemptView::outcome).containsExactly("FAILED");
	}

	@Test
	void staleAttemptInABatchIsIgnoredAndTheOthersRun() throws Exception {
		// The job moved on to attempt 1 (waiting for its retry); the message is for attempt 0.
		UUID stale = insert("stale", "RETRY_WAIT", 1, "now() - interval '1 second'");
		UUID fresh = queued("fresh", 0);

		List<UUID> unacknowledged = runBatch(worker(engine.store(), recorder),
				List.of(new JobMessage(stale, "BATCHED", 0, 0), new JobMessage(fresh, "BATCHED", 0, 0)));

		assertThat(unacknowledged).isEmpty();
		JobView untouched = jobs.find(stale).orElseThrow();
		assertThat(untouched.status()).isEqualTo(JobStatus.RETRY_WAIT);
		assertThat(untouched.attempt()).isEqualTo(1);
		assertThat(TestHandlers.executions(stale)).isZero();
		assertThat(jobs.find(fresh).orElseThrow().status()).isEqualTo(JobStatus.SUCCEEDED);
	}

	@Test
	void databaseDownWhileABatchIsRecordedKeepsItsDeliveriesUntilTheSuccessesCommit() throws Exception {
		List<UUID> ids = List.of(queued("x", 0), queued("y", 0));
		AtomicBoolean down = new AtomicBoolean(true);
		AtomicInteger refused = new AtomicInteger();
		// The database goes away after the claim and before the successes are recorded: the
		// statement fails as an unreachable database fails it, until the database is back.
		JobStore flaky = new JobStore(jdbc) {
			@Override
			public Set<UUID> succeedAll(List<JobStore.Success> successes) {
				if (down.get()) {
					if (refused.incrementAndGet() == 3) {
						down.set(false);
					}
					throw new TransientDataAccessResourceException("I/O error: connection refused");
				}
				return super.succeedAll(successes);
			}
		};
		AttemptRecorder flakyRecorder = new AttemptRecorder(flaky, engine.transaction(), (DefaultJobClient) jobs,
				endings, payloads, publisher, topology, metrics);

		List<UUID> unacknowledged = runBatch(worker(flaky, flakyRecorder),
				ids.stream().map(id -> new JobMessage(id, "BATCHED", 0, 0)).toList());

		assertThat(refused).hasValue(3);
		assertThat(unacknowledged).isEmpty();
		for (UUID id : ids) {
			assertThat(jobs.find(id).orElseThrow().status()).isEqualTo(JobStatus.SUCCEEDED);
			assertThat(TestHandlers.executions(id)).as("recorded after the retries, never run again").isEqualTo(1);
		}
	}

	@Test
	void shortHandlerBeforeALongOneIsRecordedWithoutWaitingForIt() throws Exception {
		UUID quick = queued("quick", 0);
		UUID slow = queued("slow", 3000);
		JobWorker worker = worker(engine.store(), recorder);
		Set<PendingSuccesses> batches = openBatches;
		Thread flusher = new Thread(() -> {
			while (!Thread.currentThread().isInterrupted()) {
				batches.forEach(b -> b.flushIfOverdue(Duration.ofMillis(50).toNanos(), recorder::succeedAll));
				try {
					Thread.sleep(50);
				}
				catch (InterruptedException ex) {
					return;
				}
			}
		}, "test-flusher");
		flusher.start();
		try {
			Thread batch = new Thread(() -> {
				try {
					runBatch(worker, List.of(new JobMessage(quick, "BATCHED", 0, 0), new JobMessage(slow, "BATCHED", 0, 0)));
				}
				catch (Exception ex) {
					throw new IllegalStateException(ex);
				}
			});
			batch.start();

			await().atMost(Duration.ofMillis(2500)).until(() -> jobs.find(quick).orElseThrow().status() == JobStatus.SUCCEEDED);
			assertThat(jobs.find(slow).orElseThrow().status()).as("the long one is still running").isEqualTo(JobStatus.RUNNING);
			batch.join(Duration.ofSeconds(20).toMillis());
			assertThat(jobs.find(slow).orElseThrow().status()).isEqualTo(JobStatus.SUCCEEDED);
		}
		finally {
			flusher.interrupt();
		}
	}

	@Test
	void claimOfABatchRetriedAfterAnAmbiguousCommitWinsItsJobsInsteadOfBurningThem() {
		UUID id = queued("ambiguous", 0);
		List<JobMessage> messages = List.of(new JobMessage(id, "BATCHED", 0, 0));
		UUID claimId = UUID.randomUUID();
		AtomicInteger calls = new AtomicInteger();

		List<JobStore.ClaimResult> claims = new DatabaseRetry(() -> false).call("claim", () -> {
			List<JobStore.ClaimResult> result = engine.store().claimAll(messages, "ambiguous-batch", claimId,
					Duration.ofSeconds(30));
			if (calls.incrementAndGet() == 1) {
				throw new TransientDataAccessResourceException("I/O error: connection reset after commit");
			}
			return result;
		});

		assertThat(claims).singleElement().satisfies(c -> {
			assertThat(c.won()).isTrue();
			assertThat(c.job().attempt()).isEqualTo(1);
		});
		assertThat(engine.store().claimAll(messages, "ambiguous-batch", UUID.randomUUID(), Duration.ofSeconds(30)))
			.singleElement()
			.satisfies(c -> assertThat(c.won()).as("another delivery does not win it").isFalse());
	}

	// ---- helpers --------------------------------------------------------------------------------

	private final Set<PendingSuccesses> openBatches = ConcurrentHashMap.newKeySet();

	private JobWorker worker(JobStore store, AttemptRecorder attemptRecorder) {
		return new JobWorker(registry.require("BATCHED"), store, registry, payloads, topology, attemptRecorder,
				new RunningJobs(), () -> false, "batch-test-worker", Duration.ofSeconds(30), metrics, openBatches);
	}

	/** A job waiting for this test's worker: confirmed, so the relay leaves it alone for a while. */
	private UUID queued(String name, long sleepMillis) {
		UUID id = insert(name, "QUEUED", 0, "now() - interval '1 second'");
		jdbc.sql("update job set payload = cast(:payload as jsonb) where id = :id")
			.param("payload", "{\"name\": \"" + name + "\", \"sleepMillis\": " + sleepMillis + "}")
			.param("id", id)
			.update();
		return id;
	}

	private UUID insert(String name, String status, int attempt, String runAt) {
		UUID id = insertJob("BATCHED", status, attempt, 1, null, runAt, "now()");
		jdbc.sql("update job set payload = cast(:payload as jsonb), lease_until = null where id = :id")
			.param("payload", "{\"name\": \"" + name + "\", \"sleepMillis\": 0}")
			.param("id", id)
			.update();
		created.add(id);
		return id;
	}

	/**
	 * Publishes the messages to a private queue, takes them as one batch of deliveries, hands them
	 * to the worker, then asks the broker to redeliver whatever is still unacknowledged.
	 * @return the jobs whose delivery was not acknowledged
	 */
	private List<UUID> runBatch(JobWorker worker, List<JobMessage> messages) throws Exception {
		try (Connection connection = connectionFactory.createConnection();
				Channel channel = connection.createChannel(false)) {
			String queue = channel.queueDeclare().getQueue(); // server-named, exclusive, ours alone
			for (JobMessage m : messages) {
				String body = "{\"jobId\": \"" + m.jobId() + "\", \"type\": \"" + m.type() + "\", \"attempt\": "
						+ m.attempt() + "}";
				channel.basicPublish("", queue, null, body.getBytes(StandardCharsets.UTF_8));
			}
			List<Message> batch = new ArrayList<>();
			while (batch.size() < messages.size()) {
				GetResponse delivery = await().atMost(Duration.ofSeconds(5)).until(() -> channel.basicGet(queue, false),
						r -> r != null);
				batch.add(toMessage(delivery));
			}

			worker.onMessageBatch(batch, channel);

			channel.basicRecover(true);
			List<UUID> unacknowledged = new ArrayList<>();
			GetResponse again;
			while ((again = channel.basicGet(queue, true)) != null) {
				unacknowledged.add(JobMessageCodec.decode(toMessage(again)).jobId());
			}
			return unacknowledged;
		}
	}

	private static Message toMessage(GetResponse response) {
		MessageProperties properties = new DefaultMessagePropertiesConverter().toMessageProperties(response.getProps(),
				response.getEnvelope(), "UTF-8");
		return new Message(response.getBody(), properties);
	}

}
