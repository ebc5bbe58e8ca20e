package dev.jobs.core.delivery;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;

import dev.jobs.core.job.JobStore;
import dev.jobs.core.job.JobStore.RunningAttempt;

/**
 * Marks claims held in delivery batches as started, just before their handlers run (see
 * {@link JobStore#markHandlersStarted}). Every held claim needs its mark committed before its
 * handler starts, which would be one statement per job; with several consumers asking at once,
 * the marks are grouped as a database groups commits: the consumer that finds no write in progress
 * writes the marks of everyone waiting so far, in one statement, and the others wait for it or
 * write the next group. No thread of its own, no timer: a lone consumer writes its own mark at once.
 */
final class StartMarks {

	private final JobStore store;

	private final String workerId;

	private final Duration lease;

	private final ConcurrentLinkedQueue<Request> waiting = new ConcurrentLinkedQueue<>();

	private final ReentrantLock writing = new ReentrantLock();

	StartMarks(JobStore store, String workerId, Duration lease) {
		this.store = store;
		this.workerId = workerId;
		this.lease = lease;
	}

	/**
	 * Marks one held claim started, together with whatever other consumers ask for meanwhile.
	 * @return empty if the attempt is no longer this worker's (do not run it); otherwise whether its
	 * cancellation was requested while it waited (end it cancelled, do not run it)
	 * @throws RuntimeException what the statement threw (the caller retries through a database outage)
	 */
	Optional<Boolean> mark(RunningAttempt claim) {
		Request request = new Request(claim, new CompletableFuture<>());
		waiting.add(request);
		while (!request.answer().isDone()) {
			writing.lock();
			try {
				if (!request.answer().isDone()) {
					writeWaiting();
				}
			}
			finally {
				writing.unlock();
			}
		}
		try {
			return request.answer().join();
		}
		catch (java.util.concurrent.CompletionException ex) {
			// The group's statement failed: the caller sees what the database threw, to judge and retry.
			throw (ex.getCause() instanceof RuntimeException cause) ? cause : ex;
		}
	}

	private void writeWaiting() {
		List<Request> group = new ArrayList<>();
		Request next;
		while ((next = waiting.poll()) != null) {
			group.add(next);
		}
		if (group.isEmpty()) {
			return;
		}
		Map<java.util.UUID, Boolean> marked;
		try {
			marked = store.markHandlersStarted(group.stream().map(Request::claim).toList(), workerId, lease);
		}
		catch (RuntimeException ex) {
			group.forEach(r -> r.answer().completeExceptionally(ex));
			return;
		}
		for (Request r : group) {
			r.answer().complete(Optional.ofNullable(marked.get(r.claim().id())));
		}
	}

	private record Request(RunningAttempt claim, CompletableFuture<Optional<Boolean>> answer) {
	}

}
