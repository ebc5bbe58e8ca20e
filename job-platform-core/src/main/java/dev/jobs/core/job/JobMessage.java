package dev.jobs.core.job;

import java.util.UUID;

/**
 * What travels through the broker: only the job's identity. The database is the source of truth.
 *
 * @param attempt the job's attempt count when the message was published; a claim must find the same
 * count, so an old or duplicated message can never start a job early or twice
 * @param traceContext the job's stored trace context ({@link TraceContext}), for the publish's span only: it
 * does not travel in the message (the claim reads it from the row); {@code null} without a tracer
 */
public record JobMessage(UUID jobId, String type, int attempt, int priority, String traceContext) {

	public JobMessage(UUID jobId, String type, int attempt, int priority) {
		this(jobId, type, attempt, priority, null);
	}

	/** This message, for a job whose row stores {@code context}. */
	public JobMessage withTraceContext(String context) {
		return (context == null) ? this : new JobMessage(jobId, type, attempt, priority, context);
	}

}
