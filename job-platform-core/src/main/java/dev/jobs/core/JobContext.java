package dev.jobs.core;

import java.util.UUID;

/**
 * What a running handler knows about its job and how it talks back to the platform.
 */
public interface JobContext {

	UUID jobId();

	String type();

	/** The attempt being run, starting at 1. */
	int attempt();

	int maxAttempts();

	/** Who submitted the job. */
	String createdBy();

	/**
	 * Reports progress. Cheap to call often: it is written to the job row at most about once a
	 * second.
	 */
	void reportProgress(long done, long total, String message);

	/**
	 * True once somebody asked to cancel this job, its timeout passed, or the instance is shutting
	 * down. A long-running handler should check it between units of work and stop.
	 */
	boolean isCancellationRequested();

	/** Throws {@link JobCancelledException} if {@link #isCancellationRequested()}. */
	default void throwIfCancellationRequested() {
		if (isCancellationRequested()) {
			throw new JobCancelledException(jobId());
		}
	}

	/**
	 * Sets the job's result, stored as JSON with the job when the attempt succeeds (e.g. a file
	 * reference and row counts).
	 */
	void setResult(Object result);

	/**
	 * Submits a follow-up job that is created in the same transaction that completes this job: it
	 * exists if and only if this attempt succeeds.
	 */
	void submitFollowUp(String type, Object payload, SubmitOptions options);

	/** As {@link #submitFollowUp(String, Object, SubmitOptions)}, typed: compiles only with the type's payload. */
	default <P> void submitFollowUp(JobType<P> type, P payload, SubmitOptions options) {
		submitFollowUp(type.name(), payload, options);
	}

	/** As {@link #submitFollowUp(JobType, Object, SubmitOptions)} with default options. */
	default <P> void submitFollowUp(JobType<P> type, P payload) {
		submitFollowUp(type.name(), payload, SubmitOptions.defaults());
	}

}
