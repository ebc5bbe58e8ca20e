package dev.jobs.core.delivery;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import dev.jobs.core.job.JobStore.RunningAttempt;

/**
 * The attempts running on this instance right now.
 */
final class RunningJobs {

	private final Map<UUID, RunningJob> byId = new ConcurrentHashMap<>();

	void add(RunningJob job) {
		byId.put(job.jobId(), job);
	}

	void remove(RunningJob job) {
		byId.remove(job.jobId(), job);
	}

	RunningJob get(UUID id) {
		return byId.get(id);
	}

	Collection<RunningJob> all() {
		return byId.values();
	}

	/** The attempts whose outcome is not yet committed: the heartbeat keeps their leases. */
	List<RunningAttempt> attempts() {
		return byId.values().stream().map(RunningJob::attemptKey).toList();
	}

	boolean isEmpty() {
		return byId.isEmpty();
	}

	int size() {
		return byId.size();
	}

}
