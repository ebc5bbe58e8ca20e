package dev.jobs.core.job;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.jobs.core.BatchCallback;
import dev.jobs.core.JobStatus;

/**
 * What a job's end means for the jobs that wait for it, in the transaction that records the end: the one place
 * batches count their members and fire their callbacks, and workflows release or cancel their steps. Whoever ends a
 * job (a worker, the lease reaper, the relay, a person cancelling) calls here through {@link JobEndings}, so the
 * rules hold on every path; a retry calls {@link #retried}. See {@code docs/BATCHES.md}.
 *
 * <p>Exactly once, without a hot row: a member's end updates its shard's counts ({@link BatchRows}); the end that
 * completes the last open shard is, under the batch row's lock, the one that finds no shard open, so it alone
 * releases the callbacks, and a callback moves out of {@link JobStatus#AWAITING} by a guarded update that only one
 * transaction can win.
 */
public class JobFanIn {

	private final MessageDispatcher dispatcher;

	private final JobMetrics metrics;

	public JobFanIn(MessageDispatcher dispatcher, JobMetrics metrics) {
		this.dispatcher = dispatcher;
		this.metrics = metrics;
	}

	/**
	 * Jobs that just ended, in the current transaction on {@code store}: counts them in their batches, fires the
	 * callbacks that became due, releases or cancels their dependents.
	 * @return jobs that ended as a consequence (dependents and callbacks cancelled because they can no longer run),
	 * whose own ends the caller records in turn (their listeners, their dependents)
	 */
	List<AwaitingJobs.Ended> ended(JobStore store, Map<UUID, JobStatus> ends) {
		return ended(store, store.awaiting().waitedFor(ends.keySet()), ends);
	}

	/**
	 * As {@link #ended(JobStore, Map)}, for jobs whose batch and dependents the caller read with them (a claim):
	 * no lookup. A dependent submitted after that read is resolved by the sweep ({@link #sweep}).
	 */
	List<AwaitingJobs.Ended> ended(JobStore store, List<AwaitingJobs.Waited> waited, Map<UUID, JobStatus> ends) {
		if (waited.isEmpty()) {
			return List.of();
		}
		List<AwaitingJobs.Released> released = new ArrayList<>();
		List<AwaitingJobs.Ended> consequences = new ArrayList<>();
		countInBatches(store, waited, ends, released, consequences);
		for (AwaitingJobs.Waited w : waited) {
			if (w.hasDependents()) {
				resolveDependents(store, w.id(), w.type(), ends.get(w.id()), released, consequences);
			}
		}
		dispatch(released);
		return consequences;
	}

	/**
	 * A failed or cancelled job was retried (it left {@code previous} for {@code PENDING}), in the current
	 * transaction: its batch runs again (callbacks the platform had cancelled are armed again) and the dependents its
	 * failure cancelled wait again.
	 */
	void retried(JobStore store, UUID id, JobStatus previous) {
		List<AwaitingJobs.Waited> waited = store.awaiting().waitedFor(List.of(id));
		if (!waited.isEmpty()) {
			reopen(store, waited.get(0), previous);
		}
	}

	// ---- batches -----------------------------------------------------------------------------------

	private void countInBatches(JobStore store, List<AwaitingJobs.Waited> waited, Map<UUID, JobStatus> ends,
			List<AwaitingJobs.Released> released, List<AwaitingJobs.Ended> consequences) {
		Map<String, int[]> byShard = new java.util.TreeMap<>();
		Map<UUID, Boolean> failedIn = new LinkedHashMap<>();
		for (AwaitingJobs.Waited w : waited) {
			if (w.batchId() == null) {
				continue;
			}
			JobStatus status = ends.get(w.id());
			int[] counts = byShard.computeIfAbsent(w.batchId() + "/" + w.batchShard(), k -> new int[3]);
			counts[index(status)]++;
			failedIn.merge(w.batchId(), status == JobStatus.FAILED, Boolean::logicalOr);
		}
		if (byShard.isEmpty()) {
			return;
		}
		// Locks in one order everywhere: job rows, then shard rows, then batch rows, then callback job rows.
		Map<UUID, Integer> completedShards = store.batches().count(deltas(byShard, 1));
		completedShards.forEach((batchId, completed) -> {
			BatchRows.Progress progress = store.batches().shardsCompleted(batchId, completed);
			if (progress.openShards() == 0 && !progress.cancelled()) {
				complete(store, batchId, released, consequences);
			}
		});
		for (Map.Entry<UUID, Boolean> batch : failedIn.entrySet()) {
			if (batch.getValue()) {
				// The first member that failed for good fires ON_FAILURE: the guarded release lets only one win.
				BatchRows.CallbackRow onFailure = store.batches().callbacks(batch.getKey()).get(BatchCallback.ON_FAILURE);
				if (onFailure != null && onFailure.status() == JobStatus.AWAITING) {
					released.addAll(fired(store, Map.of(BatchCallback.ON_FAILURE, onFailure),
							store.awaiting().release(List.of(onFailure.jobId()))));
				}
			}
		}
	}

	/** Every member ended: the callbacks due fire, the others (which can no longer fire) are cancelled. */
	private void complete(JobStore store, UUID batchId, List<AwaitingJobs.Released> released,
			List<AwaitingJobs.Ended> consequences) {
		BatchRows.Counts counts = store.batches().counts(batchId);
		List<UUID> fire = new ArrayList<>();
		Map<UUID, String> disarm = new LinkedHashMap<>();
		for (BatchRows.CallbackRow callback : store.batches().callbacks(batchId).values()) {
			if (callback.status() != JobStatus.AWAITING) {
				continue; // fired before, or cancelled by a person: never again
			}
			switch (callback.kind()) {
				case ON_COMPLETE -> fire.add(callback.jobId());
				case ON_SUCCESS -> {
					if (counts.failed() + counts.cancelled() == 0) {
						fire.add(callback.jobId());
					}
					else {
						disarm.put(callback.jobId(), "Not run: batch " + batchId + " completed with " + counts.failed()
								+ " failed and " + counts.cancelled() + " cancelled of " + counts.members()
								+ " members. Retrying its failed members runs the batch again and arms this callback again");
					}
				}
				case ON_FAILURE -> {
					if (counts.failed() > 0) {
						fire.add(callback.jobId());
					}
					else {
						disarm.put(callback.jobId(), "Not run: no member of batch " + batchId + " failed");
					}
				}
			}
		}
		released.addAll(fired(store, store.batches().callbacks(batchId), store.awaiting().release(fire)));
		disarm.forEach((job, reason) -> consequences.addAll(store.awaiting().cancelAwaiting(List.of(job), reason, null)));
		store.batches().setDisarmed(disarm.keySet(), true);
	}

	private void reopen(JobStore store, AwaitingJobs.Waited job, JobStatus previous) {
		if (job.batchId() != null) {
			Map<String, int[]> byShard = new HashMap<>();
			byShard.computeIfAbsent(job.batchId() + "/" + job.batchShard(), k -> new int[3])[index(previous)]++;
			Map<UUID, Integer> changed = store.batches().count(deltas(byShard, -1));
			changed.forEach((batchId, completed) -> store.batches().shardsCompleted(batchId, completed));
			store.batches().clearCancelled(job.batchId());
			rearm(store, job.batchId());
		}
		if (job.hasDependents()) {
			for (UUID again : store.awaiting().reawaitBlockedBy(job.id())) {
				// It was cancelled because of this job; waiting again, it counts as not ended in its own batch, and
				// the jobs it blocked wait again too.
				retried(store, again, JobStatus.CANCELLED);
			}
		}
	}

	/** Callbacks the platform cancelled because of how the batch had ended wait again. */
	private static void rearm(JobStore store, UUID batchId) {
		List<UUID> disarmed = store.batches().callbacks(batchId).values().stream()
			.filter(c -> c.disarmed() && c.status() == JobStatus.CANCELLED)
			.map(BatchRows.CallbackRow::jobId)
			.toList();
		store.batches().setDisarmed(store.awaiting().reawait(disarmed), false);
	}

	private static List<BatchRows.ShardDelta> deltas(Map<String, int[]> byShard, int sign) {
		List<BatchRows.ShardDelta> deltas = new ArrayList<>(byShard.size());
		new java.util.TreeMap<>(byShard).forEach((key, c) -> {
			int slash = key.indexOf('/');
			deltas.add(new BatchRows.ShardDelta(UUID.fromString(key.substring(0, slash)),
					Integer.parseInt(key.substring(slash + 1)), sign * c[0], sign * c[1], sign * c[2]));
		});
		return deltas;
	}

	private static int index(JobStatus ended) {
		return switch (ended) {
			case SUCCEEDED -> 0;
			case FAILED -> 1;
			case CANCELLED -> 2;
			default -> throw new IllegalArgumentException(ended + " is not an end");
		};
	}

	// ---- workflows ---------------------------------------------------------------------------------

	private static void resolveDependents(JobStore store, UUID id, String type, JobStatus status,
			List<AwaitingJobs.Released> released, List<AwaitingJobs.Ended> consequences) {
		Map<UUID, Boolean> dependents = store.awaiting().lockAwaitingDependents(id);
		if (dependents.isEmpty()) {
			return;
		}
		if (status == JobStatus.SUCCEEDED) {
			released.addAll(store.awaiting().releaseIfSatisfied(dependents.keySet()));
			return;
		}
		List<UUID> anyway = new ArrayList<>();
		List<UUID> blocked = new ArrayList<>();
		dependents.forEach((dependent, runAnyway) -> (runAnyway ? anyway : blocked).add(dependent));
		released.addAll(store.awaiting().releaseIfSatisfied(anyway));
		consequences.addAll(store.awaiting().cancelAwaiting(blocked, blockedReason(id, type, status), id));
	}

	static String blockedReason(UUID dependency, String type, JobStatus status) {
		if (status == null) {
			return "Not run: job " + dependency + ", which this job waits for, was deleted before this job was "
					+ "released, so whether it succeeded is unknown. Retry this job to run it anyway";
		}
		return "Not run: job " + dependency + " (" + type + "), which this job waits for, ended " + status
				+ ". Retrying that job makes this one wait for it again";
	}

	/**
	 * Resolves waiting dependents whose dependencies all ended but whose ends did not resolve them (a dependent
	 * submitted while its dependency ran on a worker that had claimed it before): released, or cancelled with the
	 * reason. In the current transaction.
	 * @return how many it resolved, and the jobs cancelled, whose ends the caller records in turn
	 */
	Swept sweep(JobStore store, int limit) {
		List<UUID> resolvable = store.awaiting().lockResolvable(limit);
		if (resolvable.isEmpty()) {
			return new Swept(0, List.of());
		}
		Map<UUID, AwaitingJobs.Blocker> blockers = store.awaiting().blockers(resolvable);
		List<AwaitingJobs.Ended> cancelled = new ArrayList<>();
		blockers.forEach((job, blocker) -> cancelled.addAll(store.awaiting().cancelAwaiting(List.of(job),
				blockedReason(blocker.id(), blocker.type(), blocker.status()), blocker.id())));
		List<UUID> free = resolvable.stream().filter(id -> !blockers.containsKey(id)).toList();
		dispatch(store.awaiting().releaseIfSatisfied(free));
		return new Swept(resolvable.size(), cancelled);
	}

	/** What a sweep did. */
	record Swept(int resolved, List<AwaitingJobs.Ended> cancelled) {
	}

	// ---- shared ------------------------------------------------------------------------------------

	/** Counts the callbacks released, once the transaction commits. */
	private List<AwaitingJobs.Released> fired(JobStore store, Map<BatchCallback, BatchRows.CallbackRow> callbacks,
			List<AwaitingJobs.Released> released) {
		List<BatchCallback> kinds = new ArrayList<>();
		for (AwaitingJobs.Released r : released) {
			callbacks.values().stream().filter(c -> c.jobId().equals(r.message().jobId())).findFirst()
				.ifPresent(c -> kinds.add(c.kind()));
		}
		if (!kinds.isEmpty()) {
			AfterCommit.run(() -> kinds.forEach(metrics::callbackFired));
		}
		return released;
	}

	private void dispatch(List<AwaitingJobs.Released> released) {
		List<JobMessage> due = released.stream().filter(AwaitingJobs.Released::due).map(AwaitingJobs.Released::message)
			.toList();
		if (!due.isEmpty()) {
			dispatcher.dispatchAfterCommit(due);
		}
	}


}
