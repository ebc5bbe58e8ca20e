package dev.jobs.core.job;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.jobs.core.BatchNotFoundException;
import dev.jobs.core.BatchStatus;
import dev.jobs.core.BatchView;
import dev.jobs.core.Batches;
import dev.jobs.core.JobStatus;
import dev.jobs.core.JobView;
import dev.jobs.core.WorkflowView;

/**
 * The {@link Batches} bean: reads on the application's store, and cancel, retry and seal in the application's
 * transactions (joining the caller's), each telling the jobs that wait ({@link JobEndings}).
 */
public class DefaultBatches implements Batches {

	private final ApplicationJobStore store;

	private final BatchViews views;

	private final DefaultJobClient client;

	private final JobEndings endings;

	public DefaultBatches(ApplicationJobStore store, Payloads payloads, DefaultJobClient client, JobEndings endings) {
		this.store = store;
		this.views = new BatchViews(store, payloads);
		this.client = client;
		this.endings = endings;
	}

	@Override
	public Optional<BatchView> find(UUID id) {
		return views.find(id);
	}

	@Override
	public Page<BatchView> list(BatchStatus status, String createdBy, int page, int size) {
		return views.list(status, createdBy, page, size);
	}

	@Override
	public Page<JobView> members(UUID batchId, JobStatus status, int page, int size) {
		require(batchId);
		return views.members(batchId, status, page, size);
	}

	@Override
	public Optional<UUID> batchOf(UUID jobId) {
		return views.batchOf(jobId);
	}

	@Override
	public BatchView cancel(UUID id) {
		store.transaction().executeWithoutResult(status -> {
			require(id);
			if (!store.batches().markCancelled(id)) {
				return; // cancelled before: nothing changes
			}
			List<AwaitingJobs.Ended> ended = new java.util.ArrayList<>(
					store.batches().cancelMembers(id, "Cancelled with its batch " + id));
			List<UUID> unfired = store.batches().callbacks(id).values().stream()
				.filter(c -> c.status() == JobStatus.AWAITING)
				.map(BatchRows.CallbackRow::jobId)
				.toList();
			ended.addAll(store.awaiting().cancelAwaiting(unfired, "Not run: batch " + id + " was cancelled. "
					+ "Retrying its failed members runs the batch again and arms this callback again", null));
			store.batches().setDisarmed(unfired, true);
			endings.endedAll(store, ended, status, client::submitWithin);
		});
		return require(id);
	}

	@Override
	public Retried retryFailed(UUID id) {
		Integer retried = store.transaction().execute(status -> {
			require(id);
			List<UUID> members = store.batches().retryableMembers(id);
			// Each as a retry by hand: the submitter's active limit, the fan-in (the batch runs again).
			members.forEach(client::retry);
			return members.size();
		});
		return new Retried(require(id), (retried != null) ? retried : 0);
	}

	@Override
	public BatchView seal(UUID id) {
		if (!store.batches().seal(id)) {
			throw new BatchNotFoundException(id);
		}
		return require(id);
	}

	@Override
	public WorkflowView workflow(UUID jobId) {
		return views.workflow(jobId);
	}

	private BatchView require(UUID id) {
		return views.find(id).orElseThrow(() -> new BatchNotFoundException(id));
	}

}
