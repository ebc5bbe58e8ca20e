package dev.jobs.core.delivery;

import java.util.Optional;

/**
 * What happens to a claim of a delivery batch when its turn comes on its consumer's thread: the
 * decision alone, from the facts the claim carries (see {@code docs/ARCHITECTURE.md}, "Held claims").
 *
 * <p>Only the first claim of a batch is marked started by the claim statement; the others are held.
 * A held claim is marked started when its handler starts, so that a worker killed while claims wait
 * spends no attempt on them: a fresh job's mark is queued and written within a few milliseconds
 * ({@link StartMarks#markSoon}); a job handed back or retried before is marked before its handler
 * runs, so a job that kills its worker as it starts is counted and cannot crash workers for ever.
 */
enum HeldClaim {

	/** Given up while it waited (by the watch, a cancel or a takeover): whoever gave it up recorded it. */
	SKIP,
	/** Its lease was lost while it waited and another worker may have it: not ours to run or record. */
	DROP_TAKEN_OVER,
	/** The instance is stopping: hand it back unstarted, the attempt is not counted. */
	HAND_BACK_FOR_SHUTDOWN,
	/** Cancelled while it waited: end it cancelled without running it. */
	CANCEL,
	/** Start its handler now and queue its start mark ({@link StartMarks#markSoon}). */
	START_AND_MARK_SOON,
	/** Write its start mark first ({@link StartMarks#mark}), then decide with {@link #afterMark}. */
	MARK_THEN_START,
	/** Already marked started (the batch's first claim): start its handler. */
	START;

	/**
	 * @param givenUp whether its outcome was already taken over ({@link RunningJob#isFinished()})
	 * @param leaseLost whether the heartbeat found its lease gone
	 * @param stopping whether the instance is stopping
	 * @param marked whether the database already knows its handler started
	 * @param attemptBase attempts handed back or retried before ({@code > 0}: mark before running)
	 */
	static HeldClaim next(boolean givenUp, boolean leaseLost, boolean stopping, boolean marked, int attemptBase) {
		if (givenUp) {
			return SKIP;
		}
		if (leaseLost) {
			return DROP_TAKEN_OVER;
		}
		if (stopping) {
			return HAND_BACK_FOR_SHUTDOWN;
		}
		if (marked) {
			return START;
		}
		return (attemptBase == 0) ? START_AND_MARK_SOON : MARK_THEN_START;
	}

	/**
	 * @param cancelRequested the mark's answer: empty if the attempt is no longer this worker's,
	 * otherwise whether its cancellation was requested while it waited
	 */
	static HeldClaim afterMark(Optional<Boolean> cancelRequested) {
		if (cancelRequested.isEmpty()) {
			return DROP_TAKEN_OVER;
		}
		return cancelRequested.get() ? CANCEL : START;
	}

}
