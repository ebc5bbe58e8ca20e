package dev.jobs.core;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Reads and steers batches ({@link JobClient#submitBatch}) and workflows. Checks no roles: the REST API and
 * the dashboard check who may act before they call.
 */
public interface Batches {

	Optional<BatchView> find(UUID id);

	/**
	 * Batches, newest first.
	 * @param status only batches in this status, or {@code null} for all
	 * @param createdBy only this submitter's batches, or {@code null} for everybody's
	 */
	Page<BatchView> list(BatchStatus status, String createdBy, int page, int size);

	/** A batch's members, oldest first, optionally of one status. */
	Page<JobView> members(UUID batchId, JobStatus status, int page, int size);

	/** The batch a job belongs to, as a member or as a callback. */
	Optional<UUID> batchOf(UUID jobId);

	/**
	 * Cancels a batch: its waiting members are cancelled at once, running ones are asked to stop, and callbacks
	 * that have not fired are cancelled. Cancelling a cancelled batch changes nothing.
	 * @throws BatchNotFoundException if there is no such batch
	 */
	BatchView cancel(UUID id);

	/**
	 * Retries every failed or cancelled member; the batch runs again, and callbacks that the platform cancelled
	 * because of how the batch had ended are armed again (one that fired never fires twice).
	 * @return the batch, and how many members were retried
	 * @throws BatchNotFoundException if there is no such batch
	 */
	Retried retryFailed(UUID id);

	/**
	 * The types of the members {@link #retryFailed} would start again (failed or cancelled): whoever retries must be
	 * allowed to submit each of them, as for the retry of one job. Implementations should read them in one query;
	 * this fallback pages through the members.
	 */
	default Set<String> retryableTypes(UUID batchId) {
		Set<String> types = new LinkedHashSet<>();
		for (JobStatus status : List.of(JobStatus.FAILED, JobStatus.CANCELLED)) {
			for (int page = 0;; page++) {
				Page<JobView> members = members(batchId, status, page, 1000);
				members.items().forEach(job -> types.add(job.type()));
				if (members.items().isEmpty() || (long) (page + 1) * members.size() >= members.total()) {
					break;
				}
			}
		}
		return types;
	}

	/** Refuses further members added by members. */
	BatchView seal(UUID id);

	/**
	 * The workflow a job is part of: every job connected to it through dependencies, with the edges between them.
	 * A job without dependencies or dependents is a workflow of one.
	 * @throws JobNotFoundException if there is no such job
	 */
	WorkflowView workflow(UUID jobId);

	/** A page of results, with the total. */
	record Page<T>(List<T> items, int page, int size, long total) {
	}

	/** What {@link #retryFailed} did. */
	record Retried(BatchView batch, int retried) {
	}

}
