package dev.jobs.core;

/**
 * The life cycle of a job. Which moves between these are legal is decided in one place, the
 * core's state machine; see {@code docs/STATE-MACHINE.md}.
 */
public enum JobStatus {

	/**
	 * Stored, and waiting for other jobs before it may run: a workflow step whose dependencies have not all
	 * succeeded, or a batch's callback whose batch has not reached its condition. It gets no message until it is
	 * released (it becomes {@code PENDING}); if it can never run (a dependency failed, the batch ended otherwise)
	 * it is cancelled with the reason. See {@code docs/BATCHES.md}.
	 */
	AWAITING,
	/** Stored, but the broker has not yet confirmed a message for it (or its {@code runAt} is still ahead). */
	PENDING,
	/** The broker confirmed a message; waiting for a worker. */
	QUEUED,
	/** A worker claimed it and runs the handler; the worker holds a lease. */
	RUNNING,
	/** An attempt failed; the next attempt is due at {@code runAt}. */
	RETRY_WAIT,
	/** An attempt completed. Terminal. */
	SUCCEEDED,
	/** Attempts exhausted or a non-retryable error. Terminal until retried by hand. */
	FAILED,
	/** Cancelled before or while running. Terminal until retried by hand. */
	CANCELLED;

	public boolean isTerminal() {
		return this == SUCCEEDED || this == FAILED || this == CANCELLED;
	}

}
