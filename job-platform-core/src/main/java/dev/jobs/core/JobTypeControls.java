package dev.jobs.core;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What operators change about a job type while the platform runs, on every instance within about a second
 * ({@code jobs.controls.poll-interval}) and durable across restarts: pause and resume it, and scale its
 * per-instance concurrency until reset to the configured value.
 *
 * <p>A paused type still accepts submissions: its jobs wait, visibly, in their queue. No new attempt starts;
 * running attempts finish; no attempt is spent, no lease reaped as lost, no message dead-lettered or republished
 * because of the pause. Callers check who may act: {@code /api/job-types/{type}/…} and the dashboard let only
 * administrators.
 */
public interface JobTypeControls {

	/** The most consumers per instance a type may be scaled to. */
	int MAX_CONCURRENCY = 256;

	/** Every registered type, with its controls. */
	List<TypeControl> all();

	/** @throws UnknownJobTypeException if no such type is registered */
	TypeControl get(String type);

	/** @throws UnknownJobTypeException if no such type is registered */
	TypeControl pause(String type, String by);

	/** @throws UnknownJobTypeException if no such type is registered */
	TypeControl resume(String type, String by);

	/**
	 * Sets the type's consumers per instance, until {@link #resetConcurrency reset}.
	 * @throws UnknownJobTypeException if no such type is registered
	 * @throws IllegalArgumentException if {@code concurrency} is not between 1 and {@link #MAX_CONCURRENCY}
	 */
	TypeControl scale(String type, int concurrency, String by);

	/** Back to {@code jobs.types.<TYPE>.concurrency}. */
	TypeControl resetConcurrency(String type, String by);

	/**
	 * A type's controls.
	 * @param pausedAt when it was paused, {@code null} when it runs
	 * @param pausedFor how long it has been paused, by the database's clock ({@link Duration#ZERO} when it runs)
	 * @param configuredConcurrency {@code jobs.types.<TYPE>.concurrency}
	 * @param concurrencyOverride what an operator set instead, {@code null} for none
	 */
	record TypeControl(String type, boolean paused, Instant pausedAt, Duration pausedFor, String pausedBy,
			int configuredConcurrency, Integer concurrencyOverride, String concurrencyBy) {

		/** The consumers per instance the type runs with. */
		public int effectiveConcurrency() {
			return (concurrencyOverride != null) ? concurrencyOverride : configuredConcurrency;
		}

	}

}
