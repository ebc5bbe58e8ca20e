package dev.jobs.core.delivery;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.jobs.core.job.EngineJobStore;

/**
 * What this instance's delivery batches still owe the database: successes of handlers that
 * returned but are not recorded yet, and start marks of held claims not written yet. The batches'
 * own threads write them when the batch ends; the worker watch writes them when they have waited
 * long enough, so neither waits for a long handler later in the batch.
 */
final class BatchLedger {

	private final Set<PendingSuccesses> openBatches = ConcurrentHashMap.newKeySet();

	private final StartMarks startMarks;

	BatchLedger(EngineJobStore store, String workerId, Duration lease) {
		this.startMarks = new StartMarks(store, workerId, lease);
	}

	/** Batches with successes not yet recorded. */
	Set<PendingSuccesses> openBatches() {
		return openBatches;
	}

	StartMarks startMarks() {
		return startMarks;
	}

	/**
	 * Records the successes of a batch in one statement ({@link AttemptRecorder#succeedAll}), their
	 * queued start marks dropped first: the row locks of the one would only hold up the other.
	 */
	void recordSuccesses(AttemptRecorder recorder, List<AttemptRecorder.Returned> returned) {
		startMarks.forget(returned.stream().map(r -> r.run().attemptKey()).toList());
		recorder.succeedAll(returned);
	}

}
