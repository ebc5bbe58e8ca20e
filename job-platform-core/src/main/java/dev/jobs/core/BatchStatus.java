package dev.jobs.core;

/** Where a batch stands; derived from its members' ends, never set by hand. See {@code docs/BATCHES.md}. */
public enum BatchStatus {

	/** Some member has not ended yet. */
	RUNNING,
	/** Every member succeeded. */
	SUCCEEDED,
	/** Every member ended, and at least one failed for good or was cancelled. */
	FAILED,
	/** Someone cancelled the batch: its waiting members and unfired callbacks were cancelled. */
	CANCELLED

}
