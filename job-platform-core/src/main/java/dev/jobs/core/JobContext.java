package dev.jobs.core;

import java.util.Optional;
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

	/**
	 * The batch this job belongs to, as a member or as a callback (counts per status, description, callbacks),
	 * read when called; empty for a job outside any batch.
	 */
	default Optional<BatchView> batch() {
		return Optional.empty();
	}

	/**
	 * The members of this job's batch (as {@link #batch()}), a page at a time, oldest first.
	 */
	default Batches.Page<JobView> batchMembers(JobStatus status, int page, int size) {
		return new Batches.Page<>(java.util.List.of(), page, size, 0);
	}

	/**
	 * Adds a member to this job's batch, created in the transaction that records this attempt's success (as a
	 * follow-up is): it exists if and only if this attempt succeeds, and the batch cannot complete before it.
	 * @throws IllegalStateException if this job is not a member of a batch
	 * @throws BatchClosedException if the batch is sealed or cancelled (checked again when the attempt ends)
	 */
	default void addToBatch(String type, Object payload, SubmitOptions options) {
		throw new IllegalStateException("Job " + jobId() + " is not a member of a batch");
	}

	/** Typed: compiles only with the type's payload class. */
	default <P> void addToBatch(JobType<P> type, P payload) {
		addToBatch(type.name(), payload, SubmitOptions.defaults());
	}

}
