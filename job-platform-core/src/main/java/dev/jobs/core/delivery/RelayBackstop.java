package dev.jobs.core.delivery;

import java.time.Duration;

/**
 * When the relay's round also scans for confirmed jobs long overdue (whose messages were lost). The
 * scan reads every waiting job, so it runs at most every quarter of {@code jobs.relay.overdue-after},
 * and at least every 30 seconds; never without an {@code overdue-after}.
 */
final class RelayBackstop {

	private static final Duration MAX_INTERVAL = Duration.ofSeconds(30);

	private final Duration overdueAfter;

	private final long everyNanos;

	private long lastNanos;

	/**
	 * @param overdueAfter how long a confirmed job may wait for a worker, {@code null} for no backstop
	 * @param startNanos when the relay started ({@link System#nanoTime()}): the first scan waits one interval
	 */
	RelayBackstop(Duration overdueAfter, long startNanos) {
		this.overdueAfter = overdueAfter;
		this.everyNanos = (overdueAfter != null) ? Math.min(overdueAfter.toNanos() / 4, MAX_INTERVAL.toNanos())
				: Long.MAX_VALUE;
		this.lastNanos = startNanos;
	}

	/**
	 * For a round starting at {@code nowNanos}: how overdue a confirmed job must be to be published
	 * again, or {@code null} if this round does not scan for them. A scan counts from its round.
	 */
	synchronized Duration overdueAfterIfDue(long nowNanos) {
		if (overdueAfter == null || nowNanos - lastNanos < everyNanos) {
			return null;
		}
		lastNanos = nowNanos;
		return overdueAfter;
	}

}
