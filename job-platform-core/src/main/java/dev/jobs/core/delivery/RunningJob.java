package dev.jobs.core.delivery;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.jobs.core.BatchClosedException;
import dev.jobs.core.BatchView;
import dev.jobs.core.Batches;
import dev.jobs.core.JobContext;
import dev.jobs.core.JobStatus;
import dev.jobs.core.JobView;
import dev.jobs.core.SubmitOptions;
import dev.jobs.core.job.JobClaims;
import dev.jobs.core.job.JobMetrics;
import dev.jobs.core.job.EngineJobStore;
import dev.jobs.core.job.BatchViews;
import dev.jobs.core.job.ClaimedJob;
import dev.jobs.core.job.JobTypeRegistry;
import dev.jobs.core.job.Payloads;
import dev.jobs.core.job.RegisteredJobType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One attempt in progress on this instance: the handler's {@link JobContext}, and what the
 * heartbeat, the timeout watch and shutdown need to reach it.
 *
 * <p>It stays in the heartbeat's set from the claim until its outcome is committed, so a slow
 * completion keeps its lease. Its outcome is recorded exactly once, by whoever {@link #finish()}es
 * it first: the handler's thread when the handler returns, or the watch when a handler that ignores
 * its interrupt outlives its timeout's grace or the shutdown.
 */
final class RunningJob implements JobContext {

	private static final Logger log = LoggerFactory.getLogger(RunningJob.class);

	private static final long PROGRESS_INTERVAL_NANOS = 1_000_000_000L;

	/** Why a running attempt was asked to stop. */
	enum StopReason {

		/** Someone asked to cancel the job: cooperative, no interrupt. */
		CANCELLED,
		/** The type's timeout passed. */
		TIMED_OUT,
		/** This instance shuts down. */
		SHUTDOWN,
		/** The lease is gone (reaped after a long pause, or taken over): the outcome would be refused anyway. */
		LEASE_LOST

	}

	private final ClaimedJob job;

	private final RegisteredJobType type;

	private final Thread thread;

	private final EngineJobStore store;

	private final JobTypeRegistry registry;

	private final Payloads payloads;

	/** Set when the handler starts: a claim held in a batch behind another job does not count against its timeout. */
	private volatile long deadlineNanos;

	private volatile boolean started;

	private boolean handlerReturned;

	private final AtomicBoolean finished = new AtomicBoolean();

	private volatile StopReason stopReason;

	private volatile long stopAskedNanos;

	private volatile boolean cancelRequested;

	private volatile Object result;

	private final List<FollowUp> followUps = new ArrayList<>();

	private long lastProgressWrite = System.nanoTime() - PROGRESS_INTERVAL_NANOS;

	/**
	 * @param traceContext the span of the attempt that asked for it, which the follow-up's trace continues
	 * @param batchId the batch it joins as a member ({@link #addToBatch}), or {@code null} for a follow-up
	 */
	record FollowUp(String type, Object payload, SubmitOptions options, String traceContext, UUID batchId) {
	}

	/** The attempt's span context, set by the worker when tracing: follow-ups are its children. */
	private volatile String traceContext;

	/** How the attempt's end was recorded, for its span; {@code null} until then. */
	private volatile JobMetrics.Outcome outcome;

	RunningJob(ClaimedJob job, RegisteredJobType type, Thread thread, EngineJobStore store, JobTypeRegistry registry,
			Payloads payloads) {
		this.job = job;
		this.type = type;
		this.thread = thread;
		this.store = store;
		this.registry = registry;
		this.payloads = payloads;
	}

	/**
	 * The handler starts now, on the calling thread: its timeout runs from here. A stop asked for
	 * while the claim was held (shutdown, lost lease) interrupts it at once.
	 * @return false if the claim was already given up while it waited ({@link #handBackUnstarted()},
	 * or the shutdown's hand-back): it must not run
	 */
	synchronized boolean begin() {
		if (finished.get()) {
			return false;
		}
		deadlineNanos = System.nanoTime() + type.settings().timeout().toNanos();
		started = true;
		StopReason reason = stopReason;
		if (reason != null && reason != StopReason.CANCELLED) {
			interruptHandler();
		}
		return true;
	}

	/**
	 * Gives up a claim whose handler has not started (it waits in a batch behind a handler the
	 * platform gave up on, or was cancelled or taken over while it waited): after this, {@link #begin()}
	 * refuses to start it. Atomic with {@code begin()}: a claim is either started or given up, never both.
	 * @return true if the caller now owns this attempt's outcome (hand it back, or just drop it)
	 */
	synchronized boolean handBackUnstarted() {
		return !started && finished.compareAndSet(false, true);
	}

	/** The consumer thread this claim belongs to: the claims of one batch wait on it one after the other. */
	Thread thread() {
		return thread;
	}

	/** Whether this claim still needs its start mark in the database before the handler runs. */
	boolean needsStartMark() {
		return !job.handlerStarted();
	}

	boolean started() {
		return started;
	}

	/**
	 * The handler returned: from now on a stop must not interrupt the thread, which is back in the
	 * listener container (an interrupt there aborts the consumer) or runs the next job of a batch.
	 */
	synchronized void handlerReturned() {
		handlerReturned = true;
	}

	/** Whether the handler returned (its thread is free again). */
	synchronized boolean hasReturned() {
		return handlerReturned;
	}

	/** Interrupts the handler only while it runs: not a claim held in a batch, not after it returned. */
	private synchronized void interruptHandler() {
		if (started && !handlerReturned) {
			thread.interrupt();
		}
	}

	ClaimedJob job() {
		return job;
	}

	/** The job's payload bound to its handler's payload type, as the handler receives it. */
	Object boundPayload() {
		return payloads.bind(type.name(), type.handler().payloadType(), payloads.readTree(job.payload()));
	}

	RegisteredJobType registeredType() {
		return type;
	}

	JobClaims.RunningAttempt attemptKey() {
		return new JobClaims.RunningAttempt(job.id(), job.attempt());
	}

	/** Nanoseconds past the timeout (negative while within it, or not started yet). */
	long overtimeNanos(long now) {
		return started ? now - deadlineNanos : -1;
	}

	/**
	 * Asks the handler to stop. A cancellation is only a flag the handler polls; a timeout, a
	 * shutdown or a lost lease interrupts it, and may follow a cancellation the handler ignored.
	 */
	void stop(StopReason reason) {
		if (reason == StopReason.CANCELLED) {
			cancelRequested = true;
		}
		synchronized (this) {
			if (stopReason == reason || (stopReason != null && reason == StopReason.CANCELLED)) {
				return;
			}
			if (stopReason == null || stopReason == StopReason.CANCELLED) {
				stopReason = reason;
				stopAskedNanos = System.nanoTime();
			}
		}
		log.info("Asking job {} (attempt {}) to stop: {}", job.id(), job.attempt(), reason);
		if (reason != StopReason.CANCELLED) {
			interruptHandler();
		}
	}

	StopReason stopReason() {
		return stopReason;
	}

	/** Nanoseconds since the current stop reason was set ({@code -1} if none). */
	long nanosSinceStopAsked(long now) {
		return (stopReason != null) ? now - stopAskedNanos : -1;
	}

	/** Whether someone asked to cancel the job, even if a timeout or shutdown acted on it since. */
	boolean cancelRequested() {
		return cancelRequested;
	}

	/** Claims the right to record this attempt's outcome; true only for the first caller. */
	boolean finish() {
		return finished.compareAndSet(false, true);
	}

	boolean isFinished() {
		return finished.get();
	}

	Object result() {
		return result;
	}

	List<FollowUp> followUps() {
		return followUps;
	}

	void traceContext(String context) {
		this.traceContext = context;
	}

	void recorded(JobMetrics.Outcome outcome) {
		this.outcome = outcome;
	}

	JobMetrics.Outcome outcome() {
		return outcome;
	}

	@Override
	public UUID jobId() {
		return job.id();
	}

	@Override
	public String type() {
		return job.type();
	}

	@Override
	public int attempt() {
		return job.attempt();
	}

	@Override
	public int maxAttempts() {
		return job.maxAttempts();
	}

	@Override
	public String createdBy() {
		return job.createdBy();
	}

	@Override
	public void reportProgress(long done, long total, String message) {
		long now = System.nanoTime();
		boolean complete = total >= 0 && done >= total;
		if (now - lastProgressWrite < PROGRESS_INTERVAL_NANOS && !complete) {
			return;
		}
		lastProgressWrite = now;
		try {
			// Autocommit on the engine's pool: shows while a handler's own transaction is still open,
			// and never holds the row lock the heartbeat needs.
			store.attemptEnds().reportProgress(job.id(), job.attempt(), done, (total >= 0) ? total : null, message);
		}
		catch (RuntimeException ex) {
			// Progress is informative; losing one report must not fail the job.
			log.debug("Could not store progress of job {}: {}", job.id(), ex.getMessage());
		}
	}

	@Override
	public boolean isCancellationRequested() {
		return stopReason != null;
	}

	@Override
	public void setResult(Object result) {
		this.result = result;
	}

	@Override
	public void submitFollowUp(String type, Object payload, SubmitOptions options) {
		// Bind now, so a bad follow-up fails the handler where its author can see it, not the commit.
		RegisteredJobType followUpType = registry.require(type);
		Object bound = payloads.bind(type, followUpType.handler().payloadType(), payload);
		SubmitOptions opts = (options != null) ? options : SubmitOptions.defaults();
		if (opts.createdBy() == null) {
			opts = opts.withCreatedBy(job.createdBy());
		}
		followUps.add(new FollowUp(type, bound, opts, traceContext, null));
	}

	@Override
	public Optional<BatchView> batch() {
		return batchViews().batchOf(job.id()).flatMap(batchViews()::find);
	}

	@Override
	public Batches.Page<JobView> batchMembers(JobStatus status, int page, int size) {
		return batchViews().batchOf(job.id()).map(b -> batchViews().members(b, status, page, size))
			.orElseGet(() -> new Batches.Page<>(List.of(), page, size, 0));
	}

	@Override
	public void addToBatch(String type, Object payload, SubmitOptions options) {
		if (job.batchId() == null) {
			throw new IllegalStateException("Job " + job.id() + " is not a member of a batch: only members add members "
					+ "(a callback or a job outside any batch submits jobs with submitFollowUp)");
		}
		BatchView batch = batchViews().find(job.batchId()).orElseThrow(
				() -> new BatchClosedException(job.batchId(), "it was deleted"));
		if (batch.sealed() || batch.cancelledAt() != null) {
			throw new BatchClosedException(job.batchId(), batch.sealed() ? "it is sealed" : "it was cancelled");
		}
		RegisteredJobType memberType = registry.require(type);
		Object bound = payloads.bind(type, memberType.handler().payloadType(), payload);
		SubmitOptions opts = (options != null) ? options : SubmitOptions.defaults();
		if (opts.createdBy() == null) {
			opts = opts.withCreatedBy(job.createdBy());
		}
		followUps.add(new FollowUp(type, bound, opts, traceContext, job.batchId()));
	}

	private BatchViews batchViews() {
		return new BatchViews(store, payloads);
	}

}
