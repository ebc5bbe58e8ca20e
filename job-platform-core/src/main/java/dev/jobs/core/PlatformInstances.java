package dev.jobs.core;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The instances of the platform that share this database: every process that runs the engine writes a
 * heartbeat row (every {@code jobs.instances.heartbeat-interval}); one that has not written for
 * {@code jobs.instances.gone-after} is shown as gone, and forgotten after {@code jobs.instances.retention}.
 * Read by {@code GET /api/instances} and the dashboard's instances page.
 */
public interface PlatformInstances {

	/** Every instance known, live ones first, then the gone ones, newest heartbeat first within each. */
	List<PlatformInstance> all();

	/** The id of this process's own instance (its worker id). */
	String self();

	/**
	 * One process running the platform.
	 * @param id the worker id ({@code jobs.worker.id}, else host:pid:random), as in lease owners and logs
	 * @param version the application's version (its build info), else the platform's
	 * @param consumers consumers per job type this instance runs right now (0 for a type it has stopped)
	 * @param running attempts per job type running on this instance right now
	 * @param state {@link State#LIVE}, {@link State#STOPPED} (shut down cleanly) or {@link State#GONE} (no
	 * heartbeat for too long: killed, cut off or frozen)
	 * @param sinceHeartbeat how long ago its last heartbeat was written, by the database's clock
	 */
	record PlatformInstance(String id, String host, long pid, String version, Instant startedAt,
			Instant lastHeartbeat, Duration sinceHeartbeat, State state, Map<String, Integer> consumers,
			Map<String, Integer> running) {

		public int runningTotal() {
			return running.values().stream().mapToInt(Integer::intValue).sum();
		}

		public boolean live() {
			return state == State.LIVE;
		}

	}

	/** Whether an instance is there. */
	enum State {

		/** Heartbeats arrive. */
		LIVE,
		/** Shut down cleanly: its last heartbeat said so. */
		STOPPED,
		/** No heartbeat for longer than {@code jobs.instances.gone-after}. */
		GONE

	}

}
