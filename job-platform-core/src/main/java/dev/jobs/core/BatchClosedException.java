package dev.jobs.core;

import java.util.UUID;

/** A member tried to add members to a batch that no longer takes any: sealed or cancelled. */
public class BatchClosedException extends JobsException {

	private final UUID batchId;

	public BatchClosedException(UUID batchId, String why) {
		super("Batch " + batchId + " takes no more members: " + why
				+ ". Submit the jobs on their own, or as a batch of their own");
		this.batchId = batchId;
	}

	public UUID batchId() {
		return batchId;
	}

}
