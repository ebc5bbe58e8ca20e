package dev.jobs.core.delivery;

/**
 * How the outcome of a handler that returned (or threw) is recorded: the decision alone.
 */
enum OutcomeRecording {

	/**
	 * Not at all: the attempt was already recorded by someone else (the watch gave up on the handler
	 * past its timeout's grace, or the shutdown handed it back); the late outcome is discarded.
	 */
	DISCARD,
	/** With the other successes of its batch, in one statement ({@link PendingSuccesses}). */
	WITH_THE_BATCH,
	/** Now, in a statement (or transaction) of its own. */
	ALONE;

	/**
	 * @param ownsOutcome whether this thread won the right to record the attempt ({@link RunningJob#finish()})
	 * @param succeeded whether the handler returned without throwing
	 * @param inBatch whether the attempt came in a batch of deliveries
	 * @param batchable whether its success can share a statement ({@link AttemptRecorder#batchable}):
	 * no follow-up jobs, no end listener about the type's success
	 */
	static OutcomeRecording of(boolean ownsOutcome, boolean succeeded, boolean inBatch, boolean batchable) {
		if (!ownsOutcome) {
			return DISCARD;
		}
		return (succeeded && inBatch && batchable) ? WITH_THE_BATCH : ALONE;
	}

}
