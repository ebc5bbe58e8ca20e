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
import dev.jobs.core.job.JobMetrics;
import dev.jobs.core.job.AttemptEnds;
import dev.jobs.core.job.EngineJobStore;
import dev.jobs.core.job.JobClaims;
import dev.jobs.core.job.JobTypeRegistry;
import dev.jobs.core.job.JobTypeSettings;
import dev.jobs.core.job.Payloads;
import dev.jobs.core.job.RegisteredJobType;
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
	javax.sql.DataSource dataSource;

	@Autowired
	dev.jobs.core.PlatformSchema schema;

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

	@Autowired
	DeliverySettings settings;

	@Autowired
	LeaseReaper reaper;

	private final List<UUID> created = new ArrayList<>();

	@AfterEach
	void removeJobs() {
		created.forEach(id -> jdbc.sql("delete from {jobs}.job where id = :id").param("id", id).update());
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
	void engineConnectionsPlanEachBatchStatementForItsOwnArrays() {
		// A plan cached while the job table was empty scanned the whole table once per id of a batch (a
		// confirm mark of 1,000 jobs took 12 s on 20,000 rows, holding its row locks); see EngineDatabase.
		javax.sql.DataSource engineConnections = ((org.springframework.jdbc.datasource.DataSourceTransactionManager) engine
			.transaction()
			.getTransactionManager()).getDataSource();
		String mode = org.springframework.jdbc.core.simple.JdbcClient.create(engineConnections)
			.sql("show plan_cache_mode")
			.query(String.class)
			.single();

		assertThat(mode).isEqualTo("force_custom_plan");
	}

	@Test
	void stoppingWorkerReturnsTheWholeBatchUnclaimed() throws Exception {
		List<UUID> ids = List.of(queued("p", 0), queued("q", 0));
		JobWorker stopping = new JobWorker(registry.require("BATCHED"),
				claims(engine.store(), new RunningJobs(), "batch-test-worker", Duration.ofSeconds(30)), recorder,
				ledger("batch-test-worker"), metrics, () -> true, topology);

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
		AttemptEnds flakyEnds = new AttemptEnds(jdbc) {
			@Override
			public Set<UUID> succeedAll(List<AttemptEnds.Success> successes) {
				if (down.get()) {
					if (refused.incrementAndGet() == 3) {
						down.set(false);
					}
					throw new TransientDataAccessResourceException("I/O error: connection refused");
				}
				return super.succeedAll(successes);
			}
		};
		EngineJobStore flaky = new EngineJobStore(dataSource, schema) {
			@Override
			public AttemptEnds attemptEnds() {
				return flakyEnds;
			}
		};
		AttemptRecorder flakyRecorder = new AttemptRecorder(flaky, engine.transaction(),
				new EndingEffects(flaky, (DefaultJobClient) jobs, endings), payloads, publisher, new RetryDelays(topology),
				metrics);

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
		Set<PendingSuccesses> batches = ledger("batch-test-worker").openBatches();
		// The worker's flush timer, on a schedule of the test's own: overdue successes are recorded every 50 ms.
		java.util.concurrent.ScheduledExecutorService flusher = java.util.concurrent.Executors
			.newSingleThreadScheduledExecutor(task -> new Thread(task, "test-flusher"));
		flusher.scheduleWithFixedDelay(
				() -> batches.forEach(b -> b.flushIfOverdue(Duration.ofMillis(50).toNanos(), recorder::succeedAll)), 0,
				50, java.util.concurrent.TimeUnit.MILLISECONDS);
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
			flusher.shutdownNow();
		}
	}

	@Test
	void claimOfABatchRetriedAfterAnAmbiguousCommitWinsItsJobsInsteadOfBurningThem() {
		UUID id = queued("ambiguous", 0);
		List<JobMessage> messages = List.of(new JobMessage(id, "BATCHED", 0, 0));
		UUID claimId = UUID.randomUUID();
		AtomicInteger calls = new AtomicInteger();

		List<JobClaims.ClaimResult> claims = new DatabaseRetry(() -> false).call("claim", () -> {
			List<JobClaims.ClaimResult> result = engine.store().claims().claimAll(messages, "ambiguous-batch", claimId,
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
		assertThat(engine.store().claims().claimAll(messages, "ambiguous-batch", UUID.randomUUID(), Duration.ofSeconds(30)))
			.singleElement()
			.satisfies(c -> assertThat(c.won()).as("another delivery does not win it").isFalse());
	}

	// ---- claims held behind a handler the platform gave up on (issue 18, defect 1) -------------

	@Test
	void claimWaitingBehindAHandlerThatIgnoresItsTimeoutIsHandedBackAndRunsElsewhereWhileThatHandlerStillBlocks()
			throws Exception {
		// A blocks on a "socket" and ignores its interrupt (timeout 1 s, grace 1 s); B was claimed with A.
		UUID blocked = insertTyped("STUBBORN", "blocked");
		UUID waiting = insertTyped("STUBBORN", "waiting");
		TestHandlers.RELEASED.add(waiting); // whoever runs B, it ends at once
		RunningJobs running = new RunningJobs();
		JobWorker worker = worker(registry.require("STUBBORN"), running);
		Thread consumer = runInBackground(worker, blocked, waiting, "STUBBORN");
		try (Watching watch = watch(running)) {
			JobView failed = awaitStatus(blocked, JobStatus.FAILED, Duration.ofSeconds(15));
			assertThat(failed.lastError()).contains("did not stop");

			// B does not wait for A's thread: it is handed back unstarted and another consumer runs it.
			JobView done = awaitStatus(waiting, JobStatus.SUCCEEDED, Duration.ofSeconds(20));

			assertThat(consumer.isAlive()).as("A's handler still blocks its consumer thread").isTrue();
			assertThat(attempts(waiting)).extracting(JobAttemptView::outcome).containsExactly("HANDED_BACK", "SUCCEEDED");
			assertThat(attempts(waiting).get(0).error()).contains("behind job " + blocked);
			assertThat(done.maxAttempts()).as("the handed-back claim spent no attempt").isEqualTo(2);
			assertThat(TestHandlers.executions(waiting)).as("run once, by the other consumer").isEqualTo(1);
			assertThat(running.all()).as("nothing of the batch is renewed any more").isEmpty();
		}
		finally {
			TestHandlers.RELEASED.add(blocked);
			consumer.join(Duration.ofSeconds(30).toMillis());
		}
		assertThat(TestHandlers.executions(waiting)).as("not run again when A's thread came back").isEqualTo(1);
	}

	@Test
	void claimWaitingBehindAHandlerThatLostItsLeaseAndIgnoresTheInterruptIsHandedBack() throws Exception {
		// A long timeout: only the lost lease can give up on A.
		RegisteredJobType stubborn = withTimeout(registry.require("STUBBORN"), Duration.ofMinutes(5));
		UUID blocked = insertTyped("STUBBORN", "taken over");
		UUID waiting = insertTyped("STUBBORN", "behind the taken over");
		TestHandlers.RELEASED.add(waiting);
		RunningJobs running = new RunningJobs();
		Thread consumer = runInBackground(worker(stubborn, running), blocked, waiting, "STUBBORN");
		try (Watching watch = watch(running)) {
			await().atMost(Duration.ofSeconds(10)).until(() -> TestHandlers.executions(blocked) == 1);
			// Another worker took A over (this one was paused past its lease and A was reaped and reclaimed).
			jdbc.sql("""
					update {jobs}.job set attempt = attempt + 1, worker_id = 'other-worker',
					       lease_until = now() + interval '1 minute' where id = :id
					""").param("id", blocked).update();

			JobView done = awaitStatus(waiting, JobStatus.SUCCEEDED, Duration.ofSeconds(20));

			assertThat(consumer.isAlive()).as("A's handler still blocks its consumer thread").isTrue();
			assertThat(attempts(waiting)).extracting(JobAttemptView::outcome).containsExactly("HANDED_BACK", "SUCCEEDED");
			assertThat(done.maxAttempts()).isEqualTo(2);
			assertThat(jobs.find(blocked).orElseThrow().attempt()).as("the other worker's attempt is untouched")
				.isEqualTo(2);
			assertThat(running.all()).isEmpty();
		}
		finally {
			TestHandlers.RELEASED.add(blocked);
			consumer.join(Duration.ofSeconds(30).toMillis());
			jdbc.sql("update {jobs}.job set status = 'CANCELLED', lease_until = null where id = :id").param("id", blocked)
				.update();
		}
	}

	@Test
	void claimCancelledWhileItWaitsInABatchEndsCancelledAtOnceWithoutRunning() throws Exception {
		UUID slow = queued("slow ahead", 4000);
		UUID waiting = queued("cancelled while waiting", 0);
		RunningJobs running = new RunningJobs();
		Thread consumer = runInBackground(worker(registry.require("BATCHED"), running), slow, waiting, "BATCHED");
		try (Watching watch = watch(running)) {
			await().atMost(Duration.ofSeconds(10)).until(() -> TestHandlers.executions(slow) == 1);

			jobs.cancel(waiting);

			JobView cancelled = awaitStatus(waiting, JobStatus.CANCELLED, Duration.ofSeconds(3));
			assertThat(jobs.find(slow).orElseThrow().status()).as("ended before the handler ahead of it")
				.isEqualTo(JobStatus.RUNNING);
			assertThat(cancelled.finishedAt()).isNotNull();
			assertThat(attempts(waiting)).extracting(JobAttemptView::outcome).containsExactly("CANCELLED");
			consumer.join(Duration.ofSeconds(20).toMillis()); // the watch renews the slow one's lease meanwhile
		}
		assertThat(TestHandlers.executions(waiting)).as("its handler never ran").isZero();
		assertThat(jobs.find(slow).orElseThrow().status()).isEqualTo(JobStatus.SUCCEEDED);
	}

	// ---- no attempt spent without a run (issue 18, defect 2) -----------------------------------

	@Test
	void claimsOfADeadWorkerThatNeverStartedAreHandedBackUncountedAndOnlyTheRunningOneIsLost() {
		// A worker claimed a batch of three (max-attempts 1), started the first handler, and was killed.
		List<UUID> ids = List.of(queued("was running", 0), queued("held 1", 0), queued("held 2", 0));
		List<JobClaims.ClaimResult> claims = engine.store().claims()
			.claimAll(ids.stream().map(id -> new JobMessage(id, "BATCHED", 0, 0)).toList(), "killed-worker",
					UUID.randomUUID(), Duration.ofSeconds(30));
		assertThat(claims).extracting(c -> c.job().handlerStarted()).containsExactly(true, false, false);
		jdbc.sql("update {jobs}.job set lease_until = now() - interval '1 second' where id in (:ids)").param("ids", ids)
			.update();

		// The lease reaper (every 500 ms here; this test may call it too) finds the three.
		await().atMost(Duration.ofSeconds(10)).until(() -> {
			reaper.reapExpiredLeases();
			return ids.stream().allMatch(id -> !attempts(id).isEmpty());
		});

		JobView lost = jobs.find(ids.get(0)).orElseThrow();
		assertThat(lost.status()).as("the one whose handler ran spent its only attempt").isEqualTo(JobStatus.FAILED);
		assertThat(attempts(ids.get(0))).extracting(JobAttemptView::outcome).containsExactly("LOST");
		for (UUID held : ids.subList(1, 3)) {
			JobView back = jobs.find(held).orElseThrow();
			assertThat(back.status()).as("handed back, not failed").isIn(JobStatus.PENDING, JobStatus.QUEUED,
					JobStatus.RUNNING, JobStatus.SUCCEEDED);
			assertThat(back.maxAttempts()).as("the held claim spent no attempt").isEqualTo(2);
			assertThat(attempts(held).get(0).outcome()).isEqualTo("HANDED_BACK");
			assertThat(attempts(held).get(0).error()).contains("never started");
		}
		for (UUID held : ids.subList(1, 3)) {
			awaitStatus(held, JobStatus.SUCCEEDED, Duration.ofSeconds(20));
			assertThat(TestHandlers.executions(held)).isEqualTo(1);
		}
	}

	@Test
	void heldClaimIsMarkedStartedJustBeforeItsHandlerRunsSoALaterCrashCountsIt() throws Exception {
		UUID first = queued("first", 0);
		UUID second = queued("second", 0);
		List<JobClaims.ClaimResult> claims = engine.store().claims()
			.claimAll(List.of(new JobMessage(first, "BATCHED", 0, 0), new JobMessage(second, "BATCHED", 0, 0)),
					"marking-worker", UUID.randomUUID(), Duration.ofSeconds(30));
		assertThat(held(second)).isTrue();

		List<JobClaims.RunningAttempt> secondOnly = List.of(new JobClaims.RunningAttempt(second, 1));
		assertThat(engine.store().claims().markHandlersStarted(secondOnly, "another-worker", Duration.ofSeconds(30)))
			.as("only the claim's own worker may mark it").isEmpty();
		assertThat(new StartMarks(engine.store(), "marking-worker", Duration.ofSeconds(30))
			.mark(new JobClaims.RunningAttempt(second, 1))).contains(false);

		assertThat(held(first)).isFalse();
		assertThat(held(second)).isFalse();
		assertThat(claims).allSatisfy(c -> assertThat(c.won()).isTrue());
		jdbc.sql("update {jobs}.job set status = 'CANCELLED', lease_until = null where id in (:ids)")
			.param("ids", List.of(first, second)).update();
	}

	@Test
	void heldClaimIsMarkedStartedByTheWatchWithinMillisecondsOfItsHandlerStarting() throws Exception {
		UUID quick = queued("quick first", 0);
		UUID slow = queued("held, then slow", 3000);
		RunningJobs running = new RunningJobs();
		Thread consumer = runInBackground(worker(registry.require("BATCHED"), running), quick, slow, "BATCHED");
		try (Watching watch = watch(running)) {
			await().atMost(Duration.ofSeconds(10)).until(() -> TestHandlers.executions(slow) == 1);

			await().atMost(Duration.ofSeconds(1)).until(() -> !held(slow));

			assertThat(jobs.find(slow).orElseThrow().status()).as("marked while its handler runs")
				.isEqualTo(JobStatus.RUNNING);
			consumer.join(Duration.ofSeconds(20).toMillis());
		}
		assertThat(jobs.find(slow).orElseThrow().status()).isEqualTo(JobStatus.SUCCEEDED);
	}

	@Test
	void heldClaimOfAJobHandedBackBeforeIsMarkedBeforeItsHandlerStartsSoAWorkerItKillsCountsIt() throws Exception {
		UUID first = queued("first", 0);
		UUID handedBackBefore = queued("handed back before", 0);
		// Its earlier claim was handed back uncounted (its worker died while it waited, or it crashed the worker
		// before its mark was written): this time its start must be on record before it runs.
		jdbc.sql("update {jobs}.job set attempt = 1, attempt_base = 1, max_attempts = 2 where id = :id")
			.param("id", handedBackBefore).update();
		java.util.concurrent.atomic.AtomicReference<Boolean> heldWhenItRan = new java.util.concurrent.atomic.AtomicReference<>();
		TestHandlers.onRun(handedBackBefore, () -> heldWhenItRan.set(held(handedBackBefore)));
		try {
			List<UUID> unacknowledged = runBatch(worker(engine.store(), recorder),
					List.of(new JobMessage(first, "BATCHED", 0, 0), new JobMessage(handedBackBefore, "BATCHED", 1, 0)));

			assertThat(unacknowledged).isEmpty();
			assertThat(heldWhenItRan.get()).as("marked started before its handler ran").isFalse();
			assertThat(jobs.find(handedBackBefore).orElseThrow().status()).isEqualTo(JobStatus.SUCCEEDED);
		}
		finally {
			TestHandlers.onRun(handedBackBefore, null);
		}
	}

	@Test
	void startMarksAskedForAtTheSameMomentByManyConsumersAreEachAnsweredForTheirOwnClaim() throws Exception {
		List<UUID> ids = new ArrayList<>();
		for (int i = 0; i < 9; i++) {
			ids.add(queued("marked together " + i, 0));
		}
		engine.store().claims().claimAll(ids.stream().map(id -> new JobMessage(id, "BATCHED", 0, 0)).toList(), "group-worker",
				UUID.randomUUID(), Duration.ofSeconds(30));
		// One held claim was taken over meanwhile: its mark must say so, the others must not suffer for it.
		UUID takenOver = ids.get(8);
		jdbc.sql("update {jobs}.job set worker_id = 'other-worker' where id = :id").param("id", takenOver).update();
		StartMarks marks = new StartMarks(engine.store(), "group-worker", Duration.ofSeconds(30));
		java.util.concurrent.ExecutorService consumers = java.util.concurrent.Executors.newFixedThreadPool(8);
		try {
			List<java.util.concurrent.Future<java.util.Optional<Boolean>>> answers = new ArrayList<>();
			for (UUID id : ids.subList(1, 9)) {
				answers.add(consumers.submit(() -> marks.mark(new JobClaims.RunningAttempt(id, 1))));
			}
			for (int i = 0; i < 7; i++) {
				assertThat(answers.get(i).get(10, java.util.concurrent.TimeUnit.SECONDS)).contains(false);
				assertThat(held(ids.get(i + 1))).isFalse();
			}
			assertThat(answers.get(7).get(10, java.util.concurrent.TimeUnit.SECONDS)).as("not this worker's").isEmpty();
			assertThat(held(takenOver)).as("another worker's claim is left as it is").isTrue();
		}
		finally {
			consumers.shutdownNow();
			jdbc.sql("update {jobs}.job set status = 'CANCELLED', lease_until = null where id in (:ids)").param("ids", ids)
				.update();
		}
	}

	@Test
	void queuedStartMarkSkipsARowLockedByAnotherStatementAndIsWrittenInALaterRound() throws Exception {
		UUID first = queued("first", 0);
		UUID second = queued("held, its row locked", 0);
		engine.store().claims().claimAll(List.of(new JobMessage(first, "BATCHED", 0, 0),
				new JobMessage(second, "BATCHED", 0, 0)), "skip-worker", UUID.randomUUID(), Duration.ofSeconds(30));
		StartMarks marks = new StartMarks(engine.store(), "skip-worker", Duration.ofSeconds(30));
		java.util.concurrent.ExecutorService watchThread = java.util.concurrent.Executors.newSingleThreadExecutor();
		try (java.sql.Connection other = dataSource.getConnection()) {
			other.setAutoCommit(false);
			try (var lock = other.prepareStatement(dev.jobs.core.PlatformSchema.defaultSchema().sql("select 1 from {jobs}.job where id = ? for update"))) {
				lock.setObject(1, second);
				lock.executeQuery().close();
			}
			marks.markSoon(new JobClaims.RunningAttempt(second, 1));

			// The watch's round must not wait for the lock: it skips the row and keeps the mark queued.
			watchThread.submit(marks::writeQueued).get(5, java.util.concurrent.TimeUnit.SECONDS);
			assertThat(held(second)).as("skipped while locked").isTrue();

			other.rollback();
			watchThread.submit(marks::writeQueued).get(5, java.util.concurrent.TimeUnit.SECONDS);
			assertThat(held(second)).as("written in the next round").isFalse();
		}
		finally {
			watchThread.shutdownNow();
			jdbc.sql("update {jobs}.job set status = 'CANCELLED', lease_until = null where id in (:ids)")
				.param("ids", List.of(first, second)).update();
		}
	}

	@Test
	void queuedStartMarkOfAnAttemptWhoseEndIsBeingRecordedIsDropped() {
		UUID first = queued("first", 0);
		UUID second = queued("held, then recorded", 0);
		engine.store().claims().claimAll(List.of(new JobMessage(first, "BATCHED", 0, 0),
				new JobMessage(second, "BATCHED", 0, 0)), "forget-worker", UUID.randomUUID(), Duration.ofSeconds(30));
		StartMarks marks = new StartMarks(engine.store(), "forget-worker", Duration.ofSeconds(30));
		marks.markSoon(new JobClaims.RunningAttempt(second, 1));

		marks.forget(List.of(new JobClaims.RunningAttempt(second, 1)));
		marks.writeQueued();

		assertThat(held(second)).as("no statement touched it").isTrue();
		jdbc.sql("update {jobs}.job set status = 'CANCELLED', lease_until = null where id in (:ids)")
			.param("ids", List.of(first, second)).update();
	}

	// ---- acknowledgements (issue 18, defect 6) --------------------------------------------------

	@Test
	void batchWhoseLastDeliveryIsUnreadableAcknowledgesTheRestWithoutClosingTheChannel() throws Exception {
		UUID readable = queued("readable", 0);
		List<byte[]> bodies = List.of(body(new JobMessage(readable, "BATCHED", 0, 0)),
				"this is not a job message".getBytes(StandardCharsets.UTF_8));

		List<UUID> unacknowledged = runRawBatch(worker(engine.store(), recorder), bodies);

		assertThat(unacknowledged).as("acknowledged once, not redelivered").isEmpty();
		assertThat(jobs.find(readable).orElseThrow().status()).isEqualTo(JobStatus.SUCCEEDED);
		assertThat(TestHandlers.executions(readable)).isEqualTo(1);
	}

	// ---- helpers --------------------------------------------------------------------------------

	private boolean held(UUID id) {
		return jdbc.sql("select held_in_batch from {jobs}.job where id = :id").param("id", id).query(Boolean.class).single();
	}

	private UUID insertTyped(String type, String name) {
		UUID id = insertJob(type, "QUEUED", 0, 1, null, "now() - interval '1 second'", "now()");
		jdbc.sql("update {jobs}.job set payload = cast(:payload as jsonb), lease_until = null where id = :id")
			.param("payload", "{\"name\": \"" + name + "\", \"sleepMillis\": 0}")
			.param("id", id)
			.update();
		created.add(id);
		return id;
	}

	private static RegisteredJobType withTimeout(RegisteredJobType type, Duration timeout) {
		JobTypeSettings s = type.settings();
		return new RegisteredJobType(type.name(), type.beanName(), type.handler(),
				new JobTypeSettings(s.concurrency(), s.prefetch(), s.maxAttempts(), timeout, s.backoffInitial(),
						s.backoffMultiplier(), s.backoffMax(), s.backoffJitter(), s.submitRoles(), s.maxActivePerUser()),
				type.retryPolicy());
	}

	private static final String WATCHED_WORKER = "held-claims-test-worker";

	private JobWorker worker(RegisteredJobType type, RunningJobs running) {
		return new JobWorker(type, claims(engine.store(), running, WATCHED_WORKER, settings.lease()), recorder,
				ledger(WATCHED_WORKER), metrics, () -> false, topology);
	}

	/** Runs a batch of two on a thread of its own, as a consumer thread would. */
	private Thread runInBackground(JobWorker worker, UUID first, UUID second, String type) {
		Thread consumer = new Thread(() -> {
			try {
				runBatch(worker, List.of(new JobMessage(first, type, 0, 0), new JobMessage(second, type, 0, 0)));
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		}, "test-consumer");
		consumer.setDaemon(true);
		consumer.start();
		return consumer;
	}

	/** The worker watch of this test's worker, ticking as the real one does, until closed. */
	private Watching watch(RunningJobs running) {
		DeliverySettings s = settings;
		WorkerWatch watch = new WorkerWatch(running, ledger(WATCHED_WORKER), engine.store(), recorder,
				new DeliverySettings(WATCHED_WORKER, s.drainTimeout(), s.timeoutGrace(), s.lease(),
						s.heartbeatInterval(), s.reaperInterval(), s.relayEnabled(), s.relayInterval(), s.relayMinAge(),
						s.relayBatchSize(), s.overdueAfter(), s.relayMaxBackoff(), s.confirmTimeout(),
						s.publisherQueueCapacity(), s.markInterval(), s.enginePoolSize()));
		java.util.concurrent.ScheduledExecutorService ticker = java.util.concurrent.Executors
			.newSingleThreadScheduledExecutor();
		ticker.scheduleWithFixedDelay(watch::tick, 0, watch.tickInterval().toMillis(),
				java.util.concurrent.TimeUnit.MILLISECONDS);
		ticker.scheduleWithFixedDelay(watch::writeStartMarks, 0, StartMarks.WRITE_EVERY.toMillis(),
				java.util.concurrent.TimeUnit.MILLISECONDS);
		return ticker::shutdownNow;
	}

	private interface Watching extends AutoCloseable {

		@Override
		void close();

	}


	private final java.util.Map<String, BatchLedger> ledgers = new ConcurrentHashMap<>();

	/** The batch bookkeeping of one worker id, as its instance's Workers would hold it. */
	private BatchLedger ledger(String workerId) {
		return ledgers.computeIfAbsent(workerId, id -> new BatchLedger(engine.store(), id, Duration.ofSeconds(30)));
	}

	private JobWorker worker(EngineJobStore store, AttemptRecorder attemptRecorder) {
		return new JobWorker(registry.require("BATCHED"),
				claims(store, new RunningJobs(), "batch-test-worker", Duration.ofSeconds(30)), attemptRecorder,
				ledger("batch-test-worker"), metrics, () -> false, topology);
	}

	private WorkerClaims claims(EngineJobStore store, RunningJobs running, String workerId, Duration lease) {
		return new WorkerClaims(store, registry, payloads, running, workerId, lease);
	}

	/** A job waiting for this test's worker: confirmed, so the relay leaves it alone for a while. */
	private UUID queued(String name, long sleepMillis) {
		UUID id = insert(name, "QUEUED", 0, "now() - interval '1 second'");
		jdbc.sql("update {jobs}.job set payload = cast(:payload as jsonb) where id = :id")
			.param("payload", "{\"name\": \"" + name + "\", \"sleepMillis\": " + sleepMillis + "}")
			.param("id", id)
			.update();
		return id;
	}

	private UUID insert(String name, String status, int attempt, String runAt) {
		UUID id = insertJob("BATCHED", status, attempt, 1, null, runAt, "now()");
		jdbc.sql("update {jobs}.job set payload = cast(:payload as jsonb), lease_until = null where id = :id")
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
		return runRawBatch(worker, messages.stream().map(BatchedDeliveryIntegrationTest::body).toList());
	}

	private static byte[] body(JobMessage m) {
		return ("{\"jobId\": \"" + m.jobId() + "\", \"type\": \"" + m.type() + "\", \"attempt\": " + m.attempt()
				+ "}").getBytes(StandardCharsets.UTF_8);
	}

	private List<UUID> runRawBatch(JobWorker worker, List<byte[]> bodies) throws Exception {
		try (Connection connection = connectionFactory.createConnection();
				Channel channel = connection.createChannel(false)) {
			String queue = channel.queueDeclare().getQueue(); // server-named, exclusive, ours alone
			for (byte[] body : bodies) {
				channel.basicPublish("", queue, null, body);
			}
			List<Message> batch = new ArrayList<>();
			while (batch.size() < bodies.size()) {
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
