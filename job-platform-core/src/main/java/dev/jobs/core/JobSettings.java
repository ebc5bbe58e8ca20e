package dev.jobs.core;

import java.time.Duration;

/**
 * A job type's settings written in code, by its handler (see {@link JobHandlers}). Each value left
 * {@code null} falls back to {@code jobs.defaults.*}; {@code jobs.types.<TYPE>.*} overrides every
 * value set here, so operators keep the last word without a rebuild.
 *
 * @param concurrency parallel attempts per instance
 * @param maxAttempts attempts before the job fails for good
 * @param timeout how long one attempt may run before it is asked to stop
 * @param backoffInitial delay before the first retry
 * @param backoffMultiplier factor by which each further retry waits longer
 * @param backoffMax longest delay between attempts
 */
public record JobSettings(Integer concurrency, Integer maxAttempts, Duration timeout, Duration backoffInitial,
		Double backoffMultiplier, Duration backoffMax) {

	private static final JobSettings NONE = new JobSettings(null, null, null, null, null, null);

	/** Nothing set in code: configuration and the platform's defaults decide. */
	public static JobSettings none() {
		return NONE;
	}

}
