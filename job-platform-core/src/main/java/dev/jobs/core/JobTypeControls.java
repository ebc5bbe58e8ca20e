package dev.jobs.core;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What operators change about a job type while the platform runs, on every instance within about a second
 * ({@code jobs.controls.poll-interval}) and durable across restarts: pause and resume it, scale its
 * per-instance concurrency, and limit its attempts running and its starts per period across all instances, each
 * until reset to the configured value.
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

	/** The highest global concurrency an operator may set. */
	int MAX_GLOBAL_CONCURRENCY = 100_000;

	/**
	 * At most {@code globalConcurrency} attempts of the type running at once across all instances, until
	 * {@link #resetGlobalConcurrency reset}. Jobs over it wait in their queue, uncharged.
	 * @throws UnknownJobTypeException if no such type is registered
	 * @throws IllegalArgumentException if {@code globalConcurrency} is not between 1 and
	 * {@link #MAX_GLOBAL_CONCURRENCY}
	 */
	TypeControl limitGlobalConcurrency(String type, int globalConcurrency, String by);

	/** Back to {@code jobs.types.<TYPE>.global-concurrency} (none when unset). */
	TypeControl resetGlobalConcurrency(String type, String by);

	/**
	 * At most {@code rate} starts of the type across all instances, until {@link #resetRateLimit reset}.
	 * @throws UnknownJobTypeException if no such type is registered
	 */
	TypeControl limitRate(String type, RateLimit rate, String by);

	/** Back to {@code jobs.types.<TYPE>.rate-limit} (none when unset). */
	TypeControl resetRateLimit(String type, String by);

	/**
	 * A type's controls.
	 * @param pausedAt when it was paused, {@code null} when it runs
	 * @param pausedFor how long it has been paused, by the database's clock ({@link Duration#ZERO} when it runs)
	 * @param configuredConcurrency {@code jobs.types.<TYPE>.concurrency}
	 * @param concurrencyOverride what an operator set instead, {@code null} for none
	 * @param configuredGlobalConcurrency {@code jobs.types.<TYPE>.global-concurrency}, {@code null} for none
	 * @param globalConcurrencyOverride what an operator set instead, {@code null} for none
	 * @param configuredRateLimit {@code jobs.types.<TYPE>.rate-limit}, {@code null} for none
	 * @param rateLimitOverride what an operator set instead, {@code null} for none
	 * @param limitsBy who set the last limit override
	 */
	record TypeControl(String type, boolean paused, Instant pausedAt, Duration pausedFor, String pausedBy,
			int configuredConcurrency, Integer concurrencyOverride, String concurrencyBy,
			Integer configuredGlobalConcurrency, Integer globalConcurrencyOverride, RateLimit configuredRateLimit,
			RateLimit rateLimitOverride, String limitsBy) {

		/** The consumers per instance the type runs with. */
		public int effectiveConcurrency() {
			return (concurrencyOverride != null) ? concurrencyOverride : configuredConcurrency;
		}

		/** The most attempts running across all instances, {@code null} for no limit. */
		public Integer effectiveGlobalConcurrency() {
			return (globalConcurrencyOverride != null) ? globalConcurrencyOverride : configuredGlobalConcurrency;
		}

		/** The most starts per period across all instances, {@code null} for no limit. */
		public RateLimit effectiveRateLimit() {
			return (rateLimitOverride != null) ? rateLimitOverride : configuredRateLimit;
		}

		/** Whether a limit across the cluster applies to the type's claims. */
		public boolean limited() {
			return effectiveGlobalConcurrency() != null || effectiveRateLimit() != null;
		}

	}

}
