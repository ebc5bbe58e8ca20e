package dev.jobs.core.job;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import dev.jobs.core.SubmissionInterruptedException;

/**
 * Group commit for callers that each wait for their own item to be durable: the callers that arrive while the
 * commits in flight are as many as allowed ({@code maxInFlight}) share the next one. No timer and no committer
 * thread: a caller that finds a free slot commits at once, alone (a lone caller never waits for company, nor do two
 * callers when two commits may be in flight); whoever arrives while every slot is taken queues, and when a commit
 * ends, its leader hands its slot to the oldest waiting caller, who commits everyone queued by then (at most
 * {@code maxGroupSize}) in one go. The batches are as large as the load makes them, as in PostgreSQL's own group
 * commit.
 *
 * <p>Each caller gets its own outcome from the {@link Committer}: a value, or an error of its own. An exception
 * thrown by the committer is the group's: every caller of that group gets it.
 *
 * <p>Interrupts: a caller interrupted while still queued leaves the queue and gets a
 * {@link SubmissionInterruptedException} (its item was never committed); once its group's commit has begun, the
 * caller waits for that commit to end (as a caller committing alone would sit in its JDBC call) and gets its
 * outcome, with its interrupt flag set again: a caller never loses track of a commit that may have happened.
 */
final class GroupCommit<T, R> {

	/** Commits a group; returns one outcome per item, in order; throws if the whole group failed. */
	interface Committer<T, R> {

		List<Outcome<R>> commit(List<T> group);

	}

	/** One caller's outcome: a value, or an error of its own. */
	record Outcome<R>(R value, RuntimeException error) {

		static <R> Outcome<R> of(R value) {
			return new Outcome<>(value, null);
		}

		static <R> Outcome<R> failed(RuntimeException error) {
			return new Outcome<>(null, error);
		}

		R get() {
			if (error != null) {
				throw error;
			}
			return value;
		}

	}

	private enum State {

		/** Waiting for the commit in flight to end. */
		QUEUED,
		/** Handed the lead: commits the next group. */
		LEADING,
		/** In a group whose commit has begun. */
		IN_FLIGHT,
		/** Its outcome is known. */
		DONE

	}

	private final class Caller {

		final T item;

		final Condition changed = lock.newCondition();

		State state = State.QUEUED;

		Outcome<R> outcome;

		Throwable groupError;

		Caller(T item) {
			this.item = item;
		}

	}

	private final Committer<T, R> committer;

	private final int maxGroupSize;

	private final int maxInFlight;

	private final ReentrantLock lock = new ReentrantLock();

	private final ArrayDeque<Caller> queued = new ArrayDeque<>();

	/** Commits in flight; callers queue only while it is {@code maxInFlight}. */
	private int inFlight;

	GroupCommit(Committer<T, R> committer, int maxGroupSize, int maxInFlight) {
		if (maxGroupSize < 1 || maxInFlight < 1) {
			throw new IllegalArgumentException("maxGroupSize and maxInFlight must be at least 1, were " + maxGroupSize
					+ " and " + maxInFlight);
		}
		this.committer = committer;
		this.maxGroupSize = maxGroupSize;
		this.maxInFlight = maxInFlight;
	}

	/**
	 * Commits {@code item}: at once, alone, if fewer than {@code maxInFlight} commits are in flight; else with the
	 * callers that queue meanwhile, in the next commit to start.
	 * @throws SubmissionInterruptedException if interrupted before its group's commit began (nothing committed)
	 */
	R commit(T item) {
		Caller me = new Caller(item);
		boolean interrupted = false;
		boolean leading;
		lock.lock();
		try {
			if (inFlight < maxInFlight) {
				// Nobody queues while a slot is free: this caller commits at once, alone.
				inFlight++;
				me.state = State.LEADING;
			}
			else {
				queued.addLast(me);
			}
			while (me.state == State.QUEUED || me.state == State.IN_FLIGHT) {
				try {
					me.changed.await();
				}
				catch (InterruptedException ex) {
					if (me.state == State.QUEUED) {
						queued.remove(me);
						Thread.currentThread().interrupt();
						throw new SubmissionInterruptedException();
					}
					// Its commit has begun (or it was just handed the lead): see it through, tell the caller after.
					interrupted = true;
				}
			}
			leading = me.state == State.LEADING;
		}
		finally {
			lock.unlock();
		}
		try {
			if (leading) {
				lead(me);
			}
			return outcomeOf(me);
		}
		finally {
			if (interrupted) {
				Thread.currentThread().interrupt();
			}
		}
	}

	/** How many callers wait for a commit to end (for tests that need a group to form). */
	int queued() {
		lock.lock();
		try {
			return queued.size();
		}
		finally {
			lock.unlock();
		}
	}

	private void lead(Caller me) {
		List<Caller> group = new ArrayList<>();
		lock.lock();
		try {
			me.state = State.IN_FLIGHT;
			group.add(me);
			while (!queued.isEmpty() && group.size() < maxGroupSize) {
				Caller next = queued.pollFirst();
				next.state = State.IN_FLIGHT;
				group.add(next);
			}
		}
		finally {
			lock.unlock();
		}
		List<Outcome<R>> outcomes = null;
		Throwable groupError = null;
		try {
			outcomes = committer.commit(group.stream().map(c -> c.item).toList());
			if (outcomes.size() != group.size()) {
				throw new IllegalStateException(outcomes.size() + " outcomes for a group of " + group.size());
			}
		}
		catch (RuntimeException | Error ex) {
			groupError = ex;
		}
		lock.lock();
		try {
			for (int i = 0; i < group.size(); i++) {
				Caller caller = group.get(i);
				caller.state = State.DONE;
				if (groupError != null) {
					caller.groupError = groupError;
				}
				else {
					caller.outcome = outcomes.get(i);
				}
				caller.changed.signal();
			}
			// The slot goes to the oldest caller waiting, who leaves the queue to lead the next group.
			Caller next = queued.pollFirst();
			if (next == null) {
				inFlight--;
			}
			else {
				next.state = State.LEADING;
				next.changed.signal();
			}
		}
		finally {
			lock.unlock();
		}
	}

	private R outcomeOf(Caller me) {
		if (me.groupError instanceof RuntimeException ex) {
			throw ex;
		}
		if (me.groupError instanceof Error error) {
			throw error;
		}
		return me.outcome.get();
	}

}
