package dev.jobs.core.job;

import java.time.Duration;
import java.util.UUID;

/**
 * A job won by a claim: everything the worker needs to run the handler.
 * @param handlerStarted whether the claim was marked started with it (the only or first claim of a
 * delivery batch); a claim held behind others is marked when its handler starts
 * @param traceContext the trace context stored with the job ({@link TraceContext}), or {@code null}
 */
public record ClaimedJob(UUID id, String type, String payload, int attempt, int maxAttempts, int attemptBase,
		int priority, String createdBy, Duration queueTime, boolean handlerStarted, String traceContext) {

	public ClaimedJob(UUID id, String type, String payload, int attempt, int maxAttempts, int attemptBase,
			int priority, String createdBy, Duration queueTime, boolean handlerStarted) {
		this(id, type, payload, attempt, maxAttempts, attemptBase, priority, createdBy, queueTime, handlerStarted,
				null);
	}

	public JobMessage message() {
		return new JobMessage(id, type, attempt, priority, traceContext);
	}

}
