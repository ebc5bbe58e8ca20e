package dev.jobs.core;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A snapshot of a batch: its counts per status, its progress and its callbacks.
 *
 * @param total members, including those added by members
 * @param waiting members that have not started (awaiting, pending, queued, waiting for a retry)
 * @param succeeded members that succeeded
 * @param failed members that failed for good
 * @param cancelled members that were cancelled
 * @param running members running now
 * @param completedAt when every member had ended (cleared if a retry reopens the batch)
 */
public record BatchView(UUID id, String description, String createdBy, BatchStatus status, boolean sealed,
		long total, long waiting, long running, long succeeded, long failed, long cancelled, Instant createdAt,
		Instant completedAt, Instant cancelledAt, List<Callback> callbacks) {

	/** The share of members that ended, from 0 to 1. */
	public double progress() {
		return (total == 0) ? 1.0 : (double) (succeeded + failed + cancelled) / total;
	}

	/** Members that ended. */
	public long ended() {
		return succeeded + failed + cancelled;
	}

	/** A callback: its kind, its job and where that job stands ({@link JobStatus#AWAITING} until it fires). */
	public record Callback(BatchCallback kind, UUID jobId, String type, JobStatus status) {
	}

}
