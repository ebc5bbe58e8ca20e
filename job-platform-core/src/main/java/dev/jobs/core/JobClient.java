package dev.jobs.core;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The Java API for submitting and steering jobs.
 *
 * <p>{@link #submit} joins the caller's transaction when there is one: the job exists if and only
 * if the caller's data commits, and its message is published only after that commit. Without a
 * transaction it commits on its own.
 */
public interface JobClient {

	/**
	 * Submits a job.
	 * @param type a registered job type
	 * @param payload the payload: an instance of the handler's payload class, or anything Jackson
	 * can bind to it (a {@code Map}, a JSON tree)
	 * @param options idempotency key, priority, run time, attempts, submitter
	 * @return the job and whether this call created it (false: an earlier submission with the same
	 * idempotency key and payload)
	 * @throws UnknownJobTypeException if no handler is registered for the type
	 * @throws InvalidJobPayloadException if the payload does not bind or validate
	 * @throws IdempotencyConflictException if the key was used with another type or payload
	 */
	Submission submit(String type, Object payload, SubmitOptions options);

	default Submission submit(String type, Object payload) {
		return submit(type, payload, SubmitOptions.defaults());
	}

	/**
	 * Submits a job of a typed {@link JobType}: compiles only with that type's payload class.
	 * @see #submit(String, Object, SubmitOptions)
	 */
	default <P> Submission submit(JobType<P> type, P payload, SubmitOptions options) {
		return submit(type.name(), payload, options);
	}

	/** As {@link #submit(JobType, Object, SubmitOptions)} with default options. */
	default <P> Submission submit(JobType<P> type, P payload) {
		return submit(type.name(), payload, SubmitOptions.defaults());
	}

	/**
	 * Submits many jobs in one statement and one transaction (the caller's, if there is one): all
	 * of them or none. Each follows {@link #submit}'s rules, idempotency keys included: a key used
	 * by an earlier submission, or earlier in the same list, replays that job (with the same type
	 * and payload) or fails the whole call.
	 * @return one submission per job, in the given order
	 * @throws InvalidJobPayloadException naming the job's index and field, e.g. {@code jobs[3].payload.millis}
	 * @throws IllegalArgumentException naming the job's index, for options out of range
	 * @throws UnknownJobTypeException if a type is not registered
	 * @throws IdempotencyConflictException if a key was used with another type or payload
	 * @throws TooManyActiveJobsException if the jobs would take a submitter over a type's limit
	 */
	default List<Submission> submitAll(List<JobRequest> jobs) {
		// Implementations should do this in one statement; this fallback keeps other clients compiling.
		return jobs.stream().map(j -> submit(j.type(), j.payload(), j.options())).toList();
	}

	/** Starts a batch: members, callbacks, a description; see {@link BatchBuilder}. */
	default BatchBuilder batch() {
		return new BatchBuilder(this);
	}

	/**
	 * Submits a batch, all or none, in the caller's transaction when there is one: its members as
	 * {@link #submitAll} would (their idempotency keys, limits and errors, named {@code members[i]...}), and its
	 * callbacks as jobs that wait ({@link JobStatus#AWAITING}) until the batch reaches their condition. Each
	 * callback is released once, in the transaction that records the member's end that met it. See
	 * {@code docs/BATCHES.md}.
	 * @throws InvalidJobPayloadException naming {@code members[i].payload...} or {@code callbacks.ON_SUCCESS...}
	 * @throws IllegalArgumentException for an empty batch or one over {@link BatchRequest#MAX_MEMBERS}
	 */
	default BatchSubmission submitBatch(BatchRequest batch) {
		throw new UnsupportedOperationException(getClass().getName() + " does not submit batches");
	}

	/** Starts a workflow: named steps and the steps each waits for; see {@link WorkflowBuilder}. */
	default WorkflowBuilder workflow() {
		return new WorkflowBuilder(this);
	}

	/**
	 * Submits a workflow, all or none, in the caller's transaction when there is one. Steps without steps before
	 * them are queued at once; the others wait ({@link JobStatus#AWAITING}).
	 * @throws InvalidWorkflowException naming the step: a name used twice, an unknown step, a cycle
	 */
	default WorkflowSubmission submitWorkflow(WorkflowRequest workflow) {
		throw new UnsupportedOperationException(getClass().getName() + " does not submit workflows");
	}

	Optional<JobView> find(UUID id);

	/**
	 * Cancels a job. Waiting jobs are cancelled at once; a running job is asked to stop and becomes
	 * {@code CANCELLED} when its handler returns.
	 * @throws JobNotFoundException if there is no such job
	 * @throws IllegalJobTransitionException if the job already succeeded or failed
	 */
	JobView cancel(UUID id);

	/**
	 * Starts a new attempt of a {@code FAILED} or {@code CANCELLED} job, with a fresh budget of
	 * attempts.
	 * @throws JobNotFoundException if there is no such job
	 * @throws IllegalJobTransitionException if the job is in any other state
	 */
	JobView retry(UUID id);

	/** One job of {@link #submitAll}: its type, payload and options (may be {@code null}). */
	record JobRequest(String type, Object payload, SubmitOptions options) {

		public static JobRequest of(String type, Object payload) {
			return new JobRequest(type, payload, SubmitOptions.defaults());
		}

		/** A job of a typed {@link JobType}: compiles only with that type's payload class. */
		public static <P> JobRequest of(JobType<P> type, P payload) {
			return new JobRequest(type.name(), payload, SubmitOptions.defaults());
		}

		/** As {@link #of(JobType, Object)} with options. */
		public static <P> JobRequest of(JobType<P> type, P payload, SubmitOptions options) {
			return new JobRequest(type.name(), payload, options);
		}

	}

	/** The outcome of {@link #submit}. */
	record Submission(JobView job, boolean created) {

		public UUID id() {
			return job.id();
		}

	}

}
