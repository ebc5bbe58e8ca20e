package dev.jobs.core;

/**
 * Reacts to a job reaching its end: {@code SUCCEEDED}, {@code FAILED} or {@code CANCELLED}. Declare one
 * as a bean (or build one with {@link JobEndRules}) and the platform calls it in the transaction that
 * records the end, whoever ends the job (a worker, the lease reaper, a person cancelling, the relay).
 *
 * <p>Jobs submitted through {@link FollowUps} commit with that end: they exist if and only if the job
 * ended that way, and once, however often the ending was tried. If the listener throws, its follow-ups
 * are rolled back (to a savepoint), the error is logged with the job's id, and the job's end stands: a
 * notification that cannot be built never keeps an export from finishing.
 */
@FunctionalInterface
public interface JobEndListener {

	/**
	 * @param job the job as it ended (status, owner, result, last error)
	 * @param followUps submits jobs in the ending's transaction
	 */
	void onJobEnded(JobView job, FollowUps followUps);

	/**
	 * Which ends this listener is about. The platform reads the ended job, and opens a transaction
	 * around the end, only for ends some listener is about: override it so that other types'
	 * completions stay one statement.
	 */
	default boolean isAbout(String type, JobStatus status) {
		return true;
	}

	/** Submits jobs in the transaction that records another job's end. */
	@FunctionalInterface
	interface FollowUps {

		/**
		 * @throws UnknownJobTypeException if no handler is registered for the type
		 * @throws InvalidJobPayloadException if the payload does not bind or validate
		 */
		JobClient.Submission submit(String type, Object payload, SubmitOptions options);

		default JobClient.Submission submit(String type, Object payload) {
			return submit(type, payload, SubmitOptions.defaults());
		}

		/** Typed: compiles only with the type's payload class. */
		default <P> JobClient.Submission submit(JobType<P> type, P payload, SubmitOptions options) {
			return submit(type.name(), payload, options);
		}

	}

}
