package dev.jobs.core.delivery;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.jobs.core.JobContext;
import dev.jobs.core.SubmitOptions;
import dev.jobs.core.job.JobStateMachine;
import dev.jobs.core.job.JobStateMachine.ClaimedJob;
import dev.jobs.core.job.Payloads;
import dev.jobs.core.job.RegisteredJobType;
import dev.jobs.core.job.JobTypeRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.transaction.support.TransactionTemplate;

/**
 * One attempt in progress on this instance: the handler's {@link JobContext}, and what the
 * heartbeat, the timeout watchdog and shutdown need to reach it.
 */
final class RunningJob implements JobContext {

	private static final Logger log = LoggerFactory.getLogger(RunningJob.class);

	private static final long PROGRESS_INTERVAL_NANOS = 1_000_000_000L;

	/** Why a running attempt was asked to stop. */
	enum StopReason {

		CANCELLED, TIMED_OUT, SHUTDOWN

	}

	private final ClaimedJob job;

	private final Thread thread;

	private final JobStateMachine stateMachine;

	private final JobTypeRegistry registry;

	private final Payloads payloads;

	private final TransactionTemplate progressTransaction;

	private volatile StopReason stopReason;

	private volatile Object result;

	private final List<FollowUp> followUps = new ArrayList<>();

	private long lastProgressWrite = System.nanoTime() - PROGRESS_INTERVAL_NANOS;

	record FollowUp(String type, Object payload, SubmitOptions options) {
	}

	RunningJob(ClaimedJob job, Thread thread, JobStateMachine stateMachine, JobTypeRegistry registry,
			Payloads payloads, TransactionTemplate progressTransaction) {
		this.job = job;
		this.progressTransaction = progressTransaction;
		this.thread = thread;
		this.stateMachine = stateMachine;
		this.registry = registry;
		this.payloads = payloads;
	}

	ClaimedJob job() {
		return job;
	}

	JobStateMachine.RunningAttempt attemptKey() {
		return new JobStateMachine.RunningAttempt(job.id(), job.attempt());
	}

	/** Asks the handler to stop; the first reason wins. Interrupts only for timeouts and shutdown. */
	void stop(StopReason reason) {
		synchronized (this) {
			if (stopReason != null) {
				return;
			}
			stopReason = reason;
		}
		log.info("Asking job {} (attempt {}) to stop: {}", job.id(), job.attempt(), reason);
		if (reason != StopReason.CANCELLED) {
			thread.interrupt();
		}
	}

	StopReason stopReason() {
		return stopReason;
	}

	Object result() {
		return result;
	}

	List<FollowUp> followUps() {
		return followUps;
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
		boolean finished = total >= 0 && done >= total;
		if (now - lastProgressWrite < PROGRESS_INTERVAL_NANOS && !finished) {
			return;
		}
		lastProgressWrite = now;
		try {
			progressTransaction.executeWithoutResult(status -> stateMachine.reportProgress(job.id(), job.attempt(),
					done, (total >= 0) ? total : null, message));
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
		followUps.add(new FollowUp(type, bound, opts));
	}

}
