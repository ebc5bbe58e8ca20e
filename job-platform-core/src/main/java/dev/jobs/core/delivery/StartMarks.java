package dev.jobs.core.delivery;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;

import dev.jobs.core.job.EngineJobStore;
import dev.jobs.core.job.JobClaims.RunningAttempt;

/**
 * Marks claims held in delivery batches as started when their handlers start (see
 * {@link dev.jobs.core.job.JobClaims#markHandlersStarted}), so that a worker killed while claims wait behind a handler
 * spends no attempt on them: the reaper hands back what was never marked.
 *
 * <p>One statement per started job would halve the drain of short jobs, so most marks are written
 * a few milliseconds late, grouped: {@link #markSoon} queues a mark and the handler starts at once;
 * the worker watch writes everything queued in one statement every {@link #WRITE_EVERY}. The price
 * is a window of that length in which a worker killed by the handler itself leaves its claim
 * unmarked, so the run is handed back uncounted. A job that was handed back (or retried by a
 * person) before is marked with {@link #mark} instead, before its handler starts, so a job that
 * kills its worker as it starts is counted from its second try on and cannot crash workers for
 * ever. {@code mark} groups too, as a database groups commits: the consumer that finds no write in
 * progress writes the marks of everyone waiting so far, the others wait for it or write the next
 * group.
 */
final class StartMarks {

	private final EngineJobStore store;

	private final String workerId;

	private final Duration lease;

	private final ConcurrentLinkedQueue<Request> waiting = new ConcurrentLinkedQueue<>();

	private final ReentrantLock writing = new ReentrantLock();

	/** How long a queued mark may wait for the watch to write it. */
	static final Duration WRITE_EVERY = Duration.ofMillis(20);

	/**
	 * How many rounds a queued mark whose row was locked is tried again (its row is skipped while
	 * another statement holds it, see {@link dev.jobs.core.job.JobClaims#markHandlersStartedUnlessLocked}).
	 */
	static final int TRIES = 5;

	StartMarks(EngineJobStore store, String workerId, Duration lease) {
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
		Request request = new Request(claim, new CompletableFuture<>(), true);
		waiting.add(request);
		while (!request.answer().isDone()) {
			writing.lock();
			try {
				if (!request.answer().isDone()) {
					writeWaiting();
				}
			}
			catch (RuntimeException ex) {
				// Our own request was answered with the error (below); others are queued again.
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

	/** Queues the mark of a claim whose handler starts now; the watch writes it within {@link #WRITE_EVERY}. */
	void markSoon(RunningAttempt claim) {
		waiting.add(new Request(claim, new CompletableFuture<>()));
	}

	/**
	 * Drops the queued marks of attempts whose end is being recorded now: a mark matters only while
	 * the attempt runs, and writing it would lock the rows the recording statement needs (the marks
	 * of a fast batch were written, or waited for, while its successes were being recorded).
	 */
	void forget(Collection<RunningAttempt> ending) {
		if (waiting.isEmpty() || ending.isEmpty()) {
			return;
		}
		Set<RunningAttempt> ends = (ending instanceof Set<RunningAttempt> set) ? set : new HashSet<>(ending);
		waiting.removeIf(r -> !r.waited() && ends.contains(r.claim()));
	}

	/**
	 * Writes every queued mark, unless a consumer is writing right now (it takes them along). The
	 * answers of queued marks need no reading: a claim that is no longer this worker's is found by
	 * the heartbeat, which stops its handler.
	 * @throws RuntimeException what the statement threw; the marks stay queued for the next try
	 */
	void writeQueued() {
		if (waiting.isEmpty() || !writing.tryLock()) {
			return;
		}
		try {
			writeWaiting();
		}
		finally {
			writing.unlock();
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
		// Nobody waits for queued marks: they skip rows locked right now and try them again next round.
		boolean anyWaited = group.stream().anyMatch(Request::waited);
		List<RunningAttempt> claims = group.stream().map(Request::claim).toList();
		Map<java.util.UUID, Boolean> marked;
		try {
			marked = anyWaited ? store.claims().markHandlersStarted(claims, workerId, lease)
					: store.claims().markHandlersStartedUnlessLocked(claims, workerId, lease);
		}
		catch (RuntimeException ex) {
			// Someone waits for a synchronous mark: it sees the error and retries. Queued marks nobody
			// waits for go back in the queue for the next round.
			for (Request r : group) {
				if (r.waited()) {
					r.answer().completeExceptionally(ex);
				}
				else {
					waiting.add(r);
				}
			}
			throw ex;
		}
		for (Request r : group) {
			if (!anyWaited && !marked.containsKey(r.claim().id()) && r.tries() < TRIES) {
				// Locked by another statement, or no longer this worker's: look again next round.
				waiting.add(r.again());
			}
			r.answer().complete(Optional.ofNullable(marked.get(r.claim().id())));
		}
	}

	/**
	 * A mark to write; {@code waited} when a consumer waits for its answer before starting the handler;
	 * {@code tries}, the rounds a queued mark was already tried in.
	 */
	private record Request(RunningAttempt claim, CompletableFuture<Optional<Boolean>> answer, boolean waited,
			int tries) {

		Request(RunningAttempt claim, CompletableFuture<Optional<Boolean>> answer, boolean waited) {
			this(claim, answer, waited, 0);
		}

		Request(RunningAttempt claim, CompletableFuture<Optional<Boolean>> answer) {
			this(claim, answer, false, 0);
		}

		Request again() {
			return new Request(claim, new CompletableFuture<>(), false, tries + 1);
		}

	}

}
