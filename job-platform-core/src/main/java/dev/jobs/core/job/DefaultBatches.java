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

import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

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

	/**
	 * In two steps, so that locks are always taken in one order (a job's rows, then its batch's): first the batch is
	 * marked cancelled in a transaction of its own (from then on its completion fires nothing), then its waiting
	 * members are cancelled and counted, and its unfired callbacks cancelled. Both steps change nothing the second
	 * time, so a cancel interrupted between them is finished by cancelling again.
	 */
	@Override
	public BatchView cancel(UUID id) {
		require(id);
		TransactionTemplate own = new TransactionTemplate(store.transaction().getTransactionManager());
		own.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		own.executeWithoutResult(status -> store.batches().markCancelled(id));
		store.transaction().executeWithoutResult(status -> {
			List<AwaitingJobs.Ended> members = store.batches().cancelMembers(id, "Cancelled with its batch " + id);
			endings.endedAll(store, members, status, client::submitWithin);
			List<UUID> unfired = store.batches().callbacks(id).values().stream()
				.filter(c -> c.status() == JobStatus.AWAITING)
				.map(BatchRows.CallbackRow::jobId)
				.sorted()
				.toList();
			List<AwaitingJobs.Ended> callbacks = store.awaiting().cancelAwaiting(unfired, "Not run: batch " + id
					+ " was cancelled. Retrying its failed members runs the batch again and arms this callback again",
					null);
			store.batches().setDisarmed(unfired, true);
			endings.endedAll(store, callbacks, status, client::submitWithin);
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
	public java.util.Set<String> retryableTypes(UUID batchId) {
		return store.batches().retryableTypes(batchId);
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
