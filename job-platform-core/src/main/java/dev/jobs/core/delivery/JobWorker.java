package dev.jobs.core.delivery;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import com.rabbitmq.client.Channel;
import dev.jobs.core.JobClient;
import dev.jobs.core.JobHandler;
import dev.jobs.core.JobStatus;
import dev.jobs.core.job.JobMessage;
import dev.jobs.core.job.JobStateMachine;
import dev.jobs.core.job.JobStateMachine.AttemptOutcome;
import dev.jobs.core.job.JobStateMachine.ClaimResult;
import dev.jobs.core.job.JobStateMachine.ClaimedJob;
import dev.jobs.core.job.JobTypeRegistry;
import dev.jobs.core.job.MessageDispatcher;
import dev.jobs.core.job.Payloads;
import dev.jobs.core.job.RegisteredJobType;
import dev.jobs.core.metrics.JobMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.listener.api.ChannelAwareMessageListener;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Consumes one job type's queue: claim, run the handler, record the outcome, then acknowledge.
 *
 * <p>The order matters (see {@code docs/RELIABILITY.md}): a crash before the claim commits leaves
 * an unacknowledged delivery that the broker redelivers; a crash after it leaves a {@code RUNNING}
 * job whose lease runs out and the reaper retries; a crash after the completion commits leaves a
 * delivery that is redelivered and ignored, because the claim no longer matches. The handler runs
 * at most once per attempt, because only one claim per attempt can win.
 */
class JobWorker implements ChannelAwareMessageListener {

	private static final Logger log = LoggerFactory.getLogger(JobWorker.class);

	private final RegisteredJobType type;

	private final JobStateMachine stateMachine;

	private final JobTypeRegistry registry;

	private final Payloads payloads;

	private final MessageDispatcher dispatcher;

	private final JobTopology topology;

	private final JobClient client;

	private final TransactionTemplate transaction;

	private final TransactionTemplate progressTransaction;

	private final RunningJobs running;

	private final ScheduledExecutorService watchdog;

	private final DatabaseRetry database;

	private final String workerId;

	private final Duration lease;

	private final JobMetrics metrics;

	JobWorker(RegisteredJobType type, JobStateMachine stateMachine, JobTypeRegistry registry, Payloads payloads,
			MessageDispatcher dispatcher, JobTopology topology, JobClient client, TransactionTemplate transaction,
			RunningJobs running, ScheduledExecutorService watchdog, BooleanSupplier stopping, String workerId,
			Duration lease, JobMetrics metrics) {
		this.metrics = metrics;
		this.type = type;
		this.stateMachine = stateMachine;
		this.registry = registry;
		this.payloads = payloads;
		this.dispatcher = dispatcher;
		this.topology = topology;
		this.client = client;
		this.transaction = transaction;
		this.progressTransaction = new TransactionTemplate(transaction.getTransactionManager());
		// A handler may run its own transaction; its progress must show while that one is still open,
		// and must not lock the job row (the heartbeat renews the lease on it) until it ends.
		this.progressTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		this.running = running;
		this.watchdog = watchdog;
		this.database = new DatabaseRetry(stopping);
		this.workerId = workerId;
		this.lease = lease;
	}

	@Override
	public void onMessage(Message message, Channel channel) throws Exception {
		long tag = message.getMessageProperties().getDeliveryTag();
		JobMessage jobMessage;
		try {
			jobMessage = JobMessageCodec.decode(message);
		}
		catch (RuntimeException ex) {
			log.error("Dropping an unreadable message from queue {}: {}", topology.workQueue(type.name()), ex.getMessage());
			channel.basicAck(tag, false);
			return;
		}
		try {
			ClaimResult claim = database.call("claim job " + jobMessage.jobId(),
					() -> stateMachine.claim(jobMessage, workerId, lease));
			if (!claim.won()) {
				explainLostClaim(jobMessage, claim);
				channel.basicAck(tag, false);
				return;
			}
			metrics.started(type.name(), claim.job().queueTime());
			Outcome outcome = run(claim.job());
			database.call("record the outcome of job " + jobMessage.jobId(), () -> {
				record(claim.job(), outcome);
				return null;
			});
			channel.basicAck(tag, false);
		}
		catch (DatabaseRetry.DatabaseUnavailableException ex) {
			// Shutting down while the database is away: give the delivery back untouched.
			log.warn("{}; returning the message to the queue", ex.getMessage());
			channel.basicNack(tag, false, true);
		}
		catch (RuntimeException ex) {
			// With manual acks the container would leave this delivery unacknowledged for ever. Give it
			// back: if the job moved on, the redelivery is ignored; if not, it is claimed again.
			log.error("Unexpected failure while handling the message for job {}; returning it to the queue",
					jobMessage.jobId(), ex);
			channel.basicNack(tag, false, true);
		}
	}

	private void explainLostClaim(JobMessage message, ClaimResult claim) {
		if (claim.current() == null) {
			log.warn("Message for job {} names no job in the database (deleted?); dropping it", message.jobId());
		}
		else if (claim.early()) {
			log.info("Message for job {} came before its runAt; the relay will publish it when due", message.jobId());
		}
		else {
			log.debug("Ignoring a stale or duplicate message for job {} (attempt {}): the job is {}", message.jobId(),
					message.attempt(), claim.current());
		}
	}

	/** What the handler did, and how long it took. */
	private record Outcome(Throwable failure, RunningJob context, Duration runTime) {
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private Outcome run(ClaimedJob job) {
		RunningJob context = new RunningJob(job, Thread.currentThread(), stateMachine, registry, payloads,
				progressTransaction);
		running.add(context);
		long started = System.nanoTime();
		ScheduledFuture<?> timeout = watchdog.schedule(() -> context.stop(RunningJob.StopReason.TIMED_OUT),
				type.settings().timeout().toMillis(), TimeUnit.MILLISECONDS);
		try {
			JobHandler handler = type.handler();
			Object payload = payloads.bind(type.name(), handler.payloadType(), payloads.readTree(job.payload()));
			handler.handle(payload, context);
			return new Outcome(null, context, Duration.ofNanos(System.nanoTime() - started));
		}
		catch (Throwable ex) {
			return new Outcome(ex, context, Duration.ofNanos(System.nanoTime() - started));
		}
		finally {
			timeout.cancel(false);
			running.remove(context);
			Thread.interrupted(); // a stop request must not break the database calls that follow
		}
	}

	private void record(ClaimedJob job, Outcome outcome) {
		RunningJob context = outcome.context();
		RunningJob.StopReason stop = context.stopReason();
		if (outcome.failure() == null) {
			if (succeed(job, context)) {
				metrics.completed(job.type(), JobMetrics.Outcome.SUCCEEDED, outcome.runTime());
			}
			return;
		}
		Throwable failure = outcome.failure();
		if (stop == RunningJob.StopReason.SHUTDOWN) {
			if (lostOrDone(stateMachine.handBack(job.id(), job.attempt()), job, "handed back")) {
				metrics.completed(job.type(), JobMetrics.Outcome.HANDED_BACK, outcome.runTime());
			}
			return;
		}
		if (stop == RunningJob.StopReason.CANCELLED) {
			if (lostOrDone(stateMachine.stopCancelled(job.id(), job.attempt(), AttemptOutcome.CANCELLED,
					"Cancelled while running"), job, "cancelled")) {
				metrics.completed(job.type(), JobMetrics.Outcome.CANCELLED, outcome.runTime());
			}
			return;
		}
		AttemptOutcome kind = (stop == RunningJob.StopReason.TIMED_OUT) ? AttemptOutcome.TIMED_OUT
				: AttemptOutcome.FAILED;
		String error = (kind == AttemptOutcome.TIMED_OUT)
				? "Attempt exceeded the type's timeout of " + type.settings().timeout() : describe(failure);
		String stack = stackTrace(failure);
		boolean retryable = kind == AttemptOutcome.TIMED_OUT || type.isRetryable(failure);
		if (retryable && job.attempt() < job.maxAttempts()) {
			Duration backoff = type.backoffAfter(job.attempt());
			Duration wait = topology.tierFor(backoff).map(JobTopology.Tier::delay).orElse(backoff);
			log.info("Job {} ({}) attempt {}/{} failed: {}; retrying in {}", job.id(), job.type(), job.attempt(),
					job.maxAttempts(), error, wait);
			JobStatus next = stateMachine.scheduleRetry(job.id(), job.attempt(), wait, kind, error, stack);
			if (lostOrDone(next != null, job, "retry scheduled")) {
				metrics.completed(job.type(),
						(next == JobStatus.RETRY_WAIT) ? JobMetrics.Outcome.RETRIED : JobMetrics.Outcome.CANCELLED,
						outcome.runTime());
				if (next == JobStatus.RETRY_WAIT) {
					dispatcher.dispatchRetryAfterCommit(new JobMessage(job.id(), job.type(), job.attempt(), 0), wait);
				}
			}
			return;
		}
		log.warn("Job {} ({}) failed for good after attempt {}/{}: {}", job.id(), job.type(), job.attempt(),
				job.maxAttempts(), error);
		if (lostOrDone(stateMachine.fail(job.id(), job.attempt(), kind, error, stack), job, "failed")) {
			metrics.completed(job.type(), JobMetrics.Outcome.FAILED, outcome.runTime());
			metrics.deadLettered(job.type());
			dispatcher.deadLetterAfterCommit(new JobMessage(job.id(), job.type(), job.attempt(), 0), error);
		}
	}

	private boolean succeed(ClaimedJob job, RunningJob context) {
		String result = payloads.writeResult(context.result());
		if (context.followUps().isEmpty()) {
			return lostOrDone(stateMachine.succeed(job.id(), job.attempt(), result), job, "succeeded");
		}
		// Follow-up jobs exist if and only if this attempt's success is recorded.
		return Boolean.TRUE.equals(transaction.execute(status -> {
			boolean won = lostOrDone(stateMachine.succeed(job.id(), job.attempt(), result), job, "succeeded");
			if (won) {
				context.followUps().forEach(f -> client.submit(f.type(), f.payload(), f.options()));
			}
			return won;
		}));
	}

	/** Logs when a fenced completion matched nothing: the attempt was taken over meanwhile. */
	private boolean lostOrDone(boolean applied, ClaimedJob job, String what) {
		if (!applied) {
			log.warn("Job {} attempt {} could not be recorded as {}: the attempt is no longer this worker's "
					+ "(its lease ran out and the job was reclaimed, or it was cancelled); its outcome is discarded",
					job.id(), job.attempt(), what);
		}
		return applied;
	}

	private static String describe(Throwable failure) {
		String message = failure.getMessage();
		return failure.getClass().getName() + ((message != null) ? ": " + message : "");
	}

	private static String stackTrace(Throwable failure) {
		StringWriter out = new StringWriter();
		failure.printStackTrace(new PrintWriter(out));
		return out.toString();
	}

}
