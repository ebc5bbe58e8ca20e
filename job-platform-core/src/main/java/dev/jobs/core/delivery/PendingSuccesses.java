package dev.jobs.core.delivery;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * The successes of one batch of deliveries whose handlers returned but which are not recorded yet:
 * they are recorded together, in one statement, when the batch ends, or earlier by the worker
 * watch when they have waited too long (a long handler later in the batch must not hold up the
 * recording of the short ones before it).
 *
 * <p>Recording holds a lock, so the batch's acknowledgement, which follows its final flush, waits
 * for a flush another thread has in progress: commit, then ack.
 */
final class PendingSuccesses {

	private final ReentrantLock lock = new ReentrantLock();

	private final List<AttemptRecorder.Returned> returned = new ArrayList<>();

	private final RunningJobs running;

	private long oldestNanos;

	PendingSuccesses(RunningJobs running) {
		this.running = running;
	}

	void add(AttemptRecorder.Returned success) {
		lock.lock();
		try {
			if (returned.isEmpty()) {
				oldestNanos = System.nanoTime();
			}
			returned.add(success);
		}
		finally {
			lock.unlock();
		}
	}

	/**
	 * Records everything pending with {@code record}; on success the attempts leave the running
	 * set (their leases need no renewal any more). If {@code record} throws, they stay pending.
	 */
	void flush(Consumer<List<AttemptRecorder.Returned>> record) {
		lock.lock();
		try {
			flushLocked(record);
		}
		finally {
			lock.unlock();
		}
	}

	/**
	 * Flushes if the oldest success has waited {@code afterNanos}, unless another thread is
	 * recording or adding right now (the watch thread must never block on a worker).
	 * @return whether something was recorded
	 */
	boolean flushIfOverdue(long afterNanos, Consumer<List<AttemptRecorder.Returned>> record) {
		if (!lock.tryLock()) {
			return false;
		}
		try {
			if (returned.isEmpty() || System.nanoTime() - oldestNanos < afterNanos) {
				return false;
			}
			flushLocked(record);
			return true;
		}
		finally {
			lock.unlock();
		}
	}

	private void flushLocked(Consumer<List<AttemptRecorder.Returned>> record) {
		if (returned.isEmpty()) {
			return;
		}
		record.accept(List.copyOf(returned));
		returned.forEach(r -> running.remove(r.run()));
		returned.clear();
	}

}
