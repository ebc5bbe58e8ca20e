package dev.jobs.core;

import java.util.Map;
import java.util.Set;

import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Job types for the integration tests. Each records its executions per job, so a test can check
 * handler side effects ("ran exactly once"), not only the job row.
 */
@TestConfiguration(proxyBeanMethods = false)
public class TestHandlers {

	/** Executions per job id, across all test handlers. */
	public static final Map<UUID, AtomicInteger> EXECUTIONS = new ConcurrentHashMap<>();

	public static int executions(UUID id) {
		AtomicInteger count = EXECUTIONS.get(id);
		return (count != null) ? count.get() : 0;
	}

	/** What a test wants to see happen inside a handler of one job, as it runs (a probe, not behaviour). */
	private static final Map<UUID, Runnable> ON_RUN = new ConcurrentHashMap<>();

	/** Runs {@code probe} inside the handler of job {@code id} when it runs; {@code null} removes it. */
	public static void onRun(UUID id, Runnable probe) {
		if (probe == null) {
			ON_RUN.remove(id);
		}
		else {
			ON_RUN.put(id, probe);
		}
	}

	static void record(JobContext context) {
		EXECUTIONS.computeIfAbsent(context.jobId(), id -> new AtomicInteger()).incrementAndGet();
		Runnable probe = ON_RUN.get(context.jobId());
		if (probe != null) {
			probe.run();
		}
	}

	/** {@code RECORD}: sleeps a little, counts its runs, stores a result. */
	public record RecordPayload(@NotBlank String name, @Min(0) long sleepMillis) {
	}

	@Bean
	JobHandler<RecordPayload> recordHandler() {
		return simple("RECORD", RecordPayload.class, (payload, context) -> {
			record(context);
			Thread.sleep(payload.sleepMillis());
			context.setResult(Map.of("greeting", "hello " + payload.name()));
		});
	}

	/** {@code BATCHED}: like {@code RECORD}, consumed in batches; a name starting with "fail" throws. */
	@Bean
	JobHandler<RecordPayload> batchedHandler() {
		return simple("BATCHED", RecordPayload.class, (payload, context) -> {
			record(context);
			Thread.sleep(payload.sleepMillis());
			if (payload.name().startsWith("fail")) {
				throw new IllegalStateException("BATCHED fails " + payload.name() + ", as asked");
			}
			context.setResult(Map.of("greeting", "hello " + payload.name()));
		});
	}

	/** {@code ALWAYS_FAIL}: throws on every attempt. */
	public record FailPayload(String reason) {
	}

	@Bean
	JobHandler<FailPayload> alwaysFailHandler() {
		return simple("ALWAYS_FAIL", FailPayload.class, (payload, context) -> {
			record(context);
			throw new IllegalStateException("always fails: " + payload.reason());
		});
	}

	/** {@code REJECT}: fails with a non-retryable error. */
	@Bean
	JobHandler<FailPayload> rejectHandler() {
		return simple("REJECT", FailPayload.class, (payload, context) -> {
			record(context);
			throw new NonRetryableJobException("cannot ever work: " + payload.reason());
		});
	}

	/** {@code PARENT}: succeeds and submits a RECORD follow-up in its completing transaction. */
	@Bean
	JobHandler<RecordPayload> parentHandler() {
		return simple("PARENT", RecordPayload.class, (payload, context) -> {
			record(context);
			context.submitFollowUp("RECORD", new RecordPayload("child of " + payload.name(), 0),
					SubmitOptions.defaults().withIdempotencyKey("child-of-" + context.jobId()));
		});
	}

	/** {@code SLOW}: sleeps without checking for cancellation; only an interrupt stops it. */
	public record SlowPayload(@Min(0) long millis) {
	}

	@Bean
	JobHandler<SlowPayload> slowHandler() {
		return simple("SLOW", SlowPayload.class, (payload, context) -> {
			record(context);
			Thread.sleep(payload.millis());
		});
	}

	/** {@code LAGGY}: like RECORD, for tests that stop its consumers to watch the queue lag grow. */
	@Bean
	JobHandler<RecordPayload> laggyHandler() {
		return simple("LAGGY", RecordPayload.class, (payload, context) -> record(context));
	}

	/** {@code DOOMED}: fails for good at once, for tests of its dead-letter queue alone. */
	@Bean
	JobHandler<FailPayload> doomedHandler() {
		return simple("DOOMED", FailPayload.class, (payload, context) -> {
			record(context);
			throw new NonRetryableJobException("doomed: " + payload.reason());
		});
	}

	/** Releases the {@code IN_TX_PROGRESS} handler waiting in its own open transaction. */
	public static final java.util.concurrent.CountDownLatch RELEASE_IN_TX = new java.util.concurrent.CountDownLatch(1);

	/** {@code IN_TX_PROGRESS}: reports progress from inside its own transaction, then waits to be released. */
	@Bean
	JobHandler<RecordPayload> inTransactionProgressHandler(
			org.springframework.transaction.PlatformTransactionManager transactionManager) {
		org.springframework.transaction.support.TransactionTemplate own = new org.springframework.transaction.support.TransactionTemplate(
				transactionManager);
		return simple("IN_TX_PROGRESS", RecordPayload.class, (payload, context) -> own.executeWithoutResult(tx -> {
			record(context);
			context.reportProgress(1, 2, "half way, transaction still open");
			try {
				RELEASE_IN_TX.await(30, java.util.concurrent.TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}));
	}

	/** Jobs whose {@code STUBBORN} handler may end; the others ignore interrupts and cancellation. */
	public static final Set<UUID> RELEASED = ConcurrentHashMap.newKeySet();

	/**
	 * {@code STUBBORN}: ignores interrupts and cancellation (a blocked socket) until the test releases
	 * it, or 20 s passed (so a test that failed half-way cannot leave its consumer blocked for ever).
	 */
	@Bean
	JobHandler<RecordPayload> stubbornHandler() {
		return simple("STUBBORN", RecordPayload.class, (payload, context) -> {
			record(context);
			long end = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
			while (!RELEASED.contains(context.jobId()) && System.nanoTime() < end) {
				try {
					Thread.sleep(20);
				}
				catch (InterruptedException ignored) {
					// what a blocked socket read does: nothing
				}
			}
		});
	}

	/** Jobs whose {@code LEASE_AWARE} handler saw it was asked to stop. */
	public static final Set<UUID> ASKED_TO_STOP = ConcurrentHashMap.newKeySet();

	/** {@code LEASE_AWARE}: works until asked to stop (cancel, timeout, lost lease), then notes it and returns. */
	@Bean
	JobHandler<RecordPayload> leaseAwareHandler() {
		return simple("LEASE_AWARE", RecordPayload.class, (payload, context) -> {
			record(context);
			long end = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
			while (!context.isCancellationRequested() && System.nanoTime() < end) {
				try {
					Thread.sleep(20);
				}
				catch (InterruptedException ex) {
					break;
				}
			}
			if (context.isCancellationRequested()) {
				ASKED_TO_STOP.add(context.jobId());
			}
		});
	}

	/** A result whose serialisation takes {@code millis}: a slow completion. */
	public record SlowResult(long millis) {

		public String getValue() throws InterruptedException {
			Thread.sleep(millis);
			return "slow";
		}

	}

	/** {@code SLOW_RESULT}: returns at once, but its result takes {@code sleepMillis} to serialise. */
	@Bean
	JobHandler<RecordPayload> slowResultHandler() {
		return simple("SLOW_RESULT", RecordPayload.class, (payload, context) -> {
			record(context);
			context.setResult(new SlowResult(payload.sleepMillis()));
		});
	}

	/** A result Jackson cannot write. */
	public static final class Unserialisable {

		public String getBoom() {
			throw new IllegalStateException("this result cannot be written");
		}

	}

	/** {@code BAD_RESULT}: succeeds with a result that cannot be serialised. */
	@Bean
	JobHandler<RecordPayload> badResultHandler() {
		return simple("BAD_RESULT", RecordPayload.class, (payload, context) -> {
			record(context);
			context.setResult(new Unserialisable());
		});
	}

	/**
	 * {@code FOLLOW_UP_CONFLICT}: asks for a {@code RECORD} follow-up under idempotency key {@code name}
	 * with another payload than an existing job's, so the follow-up is refused in the completing
	 * transaction.
	 */
	@Bean
	JobHandler<RecordPayload> followUpConflictHandler() {
		return simple("FOLLOW_UP_CONFLICT", RecordPayload.class, (payload, context) -> {
			record(context);
			context.submitFollowUp("RECORD", new RecordPayload("different", 0),
					SubmitOptions.defaults().withIdempotencyKey(payload.name()));
		});
	}

	/** {@code NUMBERS}: a payload of numbers. */
	public record NumbersPayload(java.math.BigDecimal amount, java.math.BigInteger big, double ratio) {
	}

	@Bean
	JobHandler<NumbersPayload> numbersHandler() {
		return simple("NUMBERS", NumbersPayload.class, (payload, context) -> record(context));
	}

	/** {@code HOG}: holds one of the application's database connections for {@code sleepMillis}. */
	@Bean
	JobHandler<RecordPayload> hogHandler(javax.sql.DataSource dataSource) {
		return simple("HOG", RecordPayload.class, (payload, context) -> {
			record(context);
			try (java.sql.Connection connection = dataSource.getConnection()) {
				Thread.sleep(payload.sleepMillis());
			}
		});
	}

	/** Rule: a failed {@code ALWAYS_FAIL} job submits a {@code RECORD} job named after it, for its owner. */
	@Bean
	JobEndListener failedJobsAreFollowedUp() {
		return JobEndRules.when("ALWAYS_FAIL", JobStatus.FAILED)
			.submit("RECORD", job -> new RecordPayload("after-" + job.id(), 0),
					job -> SubmitOptions.defaults().withCreatedBy(job.createdBy()));
	}

	/** Rule: a cancelled {@code LAGGY} job submits a {@code RECORD} job named after it. */
	@Bean
	JobEndListener cancelledJobsAreFollowedUp() {
		return JobEndRules.when("LAGGY", JobStatus.CANCELLED)
			.submit("RECORD", job -> new RecordPayload("after-" + job.id(), 0));
	}

	/** A listener that fails on {@code DOOMED} jobs, and submits a follow-up before it does. */
	@Bean
	JobEndListener brokenListener() {
		return new JobEndListener() {
			@Override
			public boolean isAbout(String type, JobStatus status) {
				return type.equals("DOOMED");
			}

			@Override
			public void onJobEnded(JobView job, FollowUps followUps) {
				followUps.submit("RECORD", new RecordPayload("after-" + job.id(), 0));
				throw new IllegalStateException("this listener is broken");
			}
		};
	}

	/** A handler's work, as a lambda. */
	public interface Body<P> {

		void run(P payload, JobContext context) throws Exception;

	}

	/** A handler of a type and payload class that runs {@code body}: test handlers in one line. */
	/** {@code MESSAGE_PROBE} (message delivery, no job row): handled counts per message id, batch sizes. */
	public record MessagePayload(@NotBlank String key, boolean poison, int transientFailures) {
	}

	public static final Map<String, AtomicInteger> MESSAGES_HANDLED = new ConcurrentHashMap<>();

	public static final java.util.List<Integer> MESSAGE_BATCH_SIZES = new java.util.concurrent.CopyOnWriteArrayList<>();

	private static final Map<String, AtomicInteger> TRANSIENT_FAILURES_LEFT = new ConcurrentHashMap<>();

	@Bean
	dev.jobs.core.message.MessageHandler<MessagePayload> messageProbeHandler() {
		return new dev.jobs.core.message.MessageHandler<>() {
			@Override
			public String type() {
				return "MESSAGE_PROBE";
			}

			@Override
			public Class<MessagePayload> payloadType() {
				return MessagePayload.class;
			}

			@Override
			public int batchSize() {
				return 50;
			}

			@Override
			public java.time.Duration batchTimeout() {
				return java.time.Duration.ofMillis(100);
			}

			@Override
			public void handleBatch(java.util.List<dev.jobs.core.message.ReceivedMessage<MessagePayload>> messages) {
				MESSAGE_BATCH_SIZES.add(messages.size());
				for (var message : messages) {
					MessagePayload payload = message.payload();
					if (payload.poison()) {
						throw new IllegalArgumentException("poison " + payload.key());
					}
					if (payload.transientFailures() > 0 && TRANSIENT_FAILURES_LEFT
						.computeIfAbsent(payload.key(), k -> new AtomicInteger(payload.transientFailures()))
						.getAndDecrement() > 0) {
						throw new org.springframework.dao.TransientDataAccessResourceException("database away");
					}
				}
				messages.forEach(m -> MESSAGES_HANDLED.computeIfAbsent(m.messageId(), id -> new AtomicInteger())
					.incrementAndGet());
			}
		};
	}

	public static <P> JobHandler<P> simple(String type, Class<P> payloadType, Body<P> body) {
		return new JobHandler<>() {
			@Override
			public String type() {
				return type;
			}

			@Override
			public Class<P> payloadType() {
				return payloadType;
			}

			@Override
			public void handle(P payload, JobContext context) throws Exception {
				body.run(payload, context);
			}
		};
	}

}
