package dev.jobs.core.job;

import java.time.Duration;
import java.util.UUID;

/**
 * A job won by a claim: everything the worker needs to run the handler.
 * @param handlerStarted whether the claim was marked started with it (the only or first claim of a
 * delivery batch); a claim held behind others is marked when its handler starts
 * @param traceContext the trace context stored with the job ({@link TraceContext}), or {@code null}
 * @param batchId the batch the job is a member of, or {@code null}
 * @param batchShard the shard of its batch's counts it is counted in (when {@code batchId} is set)
 * @param hasDependents whether other jobs waited for this one when it was claimed
 */
public record ClaimedJob(UUID id, String type, String payload, int attempt, int maxAttempts, int attemptBase,
		int priority, String createdBy, Duration queueTime, boolean handlerStarted, String traceContext, UUID batchId,
		int batchShard, boolean hasDependents) {

	public ClaimedJob(UUID id, String type, String payload, int attempt, int maxAttempts, int attemptBase,
			int priority, String createdBy, Duration queueTime, boolean handlerStarted, String traceContext) {
		this(id, type, payload, attempt, maxAttempts, attemptBase, priority, createdBy, queueTime, handlerStarted,
				traceContext, null, 0, false);
	}

	/**
	 * Whether other jobs wait for this one's end (its batch, its dependents): the end is then recorded in a
	 * transaction of its own, with what it sets off ({@link JobFanIn}).
	 */
	public boolean othersWaitForIt() {
		return batchId != null || hasDependents;
	}

	public ClaimedJob(UUID id, String type, String payload, int attempt, int maxAttempts, int attemptBase,
			int priority, String createdBy, Duration queueTime, boolean handlerStarted) {
		this(id, type, payload, attempt, maxAttempts, attemptBase, priority, createdBy, queueTime, handlerStarted,
				null);
	}

	public JobMessage message() {
		return new JobMessage(id, type, attempt, priority, traceContext);
	}

}
