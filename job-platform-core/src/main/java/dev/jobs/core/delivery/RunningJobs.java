package dev.jobs.core.delivery;

import java.util.Collection;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;


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

	boolean isEmpty() {
		return byId.isEmpty();
	}

	int size() {
		return byId.size();
	}

}
