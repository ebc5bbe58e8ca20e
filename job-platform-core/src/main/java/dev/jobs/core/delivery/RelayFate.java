package dev.jobs.core.delivery;

import dev.jobs.core.delivery.JobPublisher.PublishResult;

/**
 * What the relay does with a row after publishing its message: the decision alone.
 */
enum RelayFate {

	/** Confirmed: the row is marked dispatched. */
	DISPATCHED,
	/**
	 * Confirmed again by the backstop: the job was confirmed before but still waited for a worker
	 * long after it was due, so its first message was lost (purged queue, dead-lettered delivery,
	 * consumed by another deployment sharing the broker). Counted and logged as such.
	 */
	REPUBLISHED,
	/**
	 * Refused or returned by the broker: the row is backed off, so it cannot block the rows behind
	 * it, and tried again later.
	 */
	BACKED_OFF,
	/**
	 * Returned, and no instance here registers its type: no running deployment runs it any more. The
	 * job fails with an error saying so, instead of being retried for ever.
	 */
	UNDELIVERABLE,
	/** No answer from the broker (unreachable, confirm timed out): untouched, the next round tries again. */
	NEXT_ROUND;

	/**
	 * @param result what the broker did with the message
	 * @param overdue whether the backstop found the row (confirmed before, long overdue)
	 * @param typeRegistered whether this instance registers the job's type
	 */
	static RelayFate of(PublishResult result, boolean overdue, boolean typeRegistered) {
		return switch (result) {
			case CONFIRMED -> overdue ? REPUBLISHED : DISPATCHED;
			case RETURNED -> typeRegistered ? BACKED_OFF : UNDELIVERABLE;
			case REFUSED -> BACKED_OFF;
			case UNKNOWN -> NEXT_ROUND;
		};
	}

}
