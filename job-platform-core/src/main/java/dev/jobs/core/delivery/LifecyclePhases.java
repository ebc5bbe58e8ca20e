package dev.jobs.core.delivery;

/**
 * The order in which the engine's runtime parts start and stop ({@code SmartLifecycle} phases: a
 * lower phase starts earlier and stops later). Whatever another part needs is up before it starts
 * and still up while it stops.
 *
 * <pre>
 *  start ──►  PUBLISHING ──► RELAY ──► CONSUMERS
 *  stop  ◄──  PUBLISHING ◄── RELAY ◄── CONSUMERS
 * </pre>
 *
 * Spring Boot's own web server stops gracefully at {@code DEFAULT_PHASE - 1024} (between CONSUMERS
 * and RELAY) and stops for good at {@code DEFAULT_PHASE - 2048} (after PUBLISHING).
 */
public final class LifecyclePhases {

	/**
	 * The job workers (with their watch: heartbeat, timeouts) and the message consumers: start last,
	 * when publishing and the relay run; stop first, so no delivery is taken while the rest stops,
	 * and the jobs they hand back on shutdown are still published and recorded.
	 */
	public static final int CONSUMERS = Integer.MAX_VALUE - 1000;

	/**
	 * The outbox relay and the lease reaper: stop after the consumers (their last hand-backs wait for
	 * the relay of another instance, or this one's next start), before the publisher.
	 */
	public static final int RELAY = Integer.MAX_VALUE - 1500;

	/**
	 * The publisher thread and the writing of broker confirms: stop last, so the publishes of the
	 * consumers' and the relay's last rounds are sent and their confirms recorded.
	 */
	public static final int PUBLISHING = Integer.MAX_VALUE - 2000;

	private LifecyclePhases() {
	}

}
