package dev.jobs.core;

import java.util.UUID;

/**
 * Thrown inside a handler (by {@link JobContext#throwIfCancellationRequested()}) to stop work
 * because the job was cancelled, timed out or the instance is shutting down.
 */
public class JobCancelledException extends RuntimeException {

	public JobCancelledException(UUID jobId) {
		super("Job " + jobId + " was asked to stop");
	}

}
