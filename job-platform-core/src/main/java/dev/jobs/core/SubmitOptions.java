package dev.jobs.core;

import java.time.Instant;

/**
 * Optional settings of one submission. Unset values ({@code null}) take the job type's defaults.
 *
 * @param idempotencyKey a key unique per submitter: repeating a submission with the same key and
 * payload returns the first job instead of creating another
 * @param priority 0 (default) to 9, higher runs first where the queue supports priorities
 * @param runAt the earliest time the job may run
 * @param maxAttempts overrides the type's {@code max-attempts}
 * @param createdBy who submits; defaults to {@code system}
 */
public record SubmitOptions(String idempotencyKey, Integer priority, Instant runAt, Integer maxAttempts,
		String createdBy) {

	private static final SubmitOptions DEFAULTS = new SubmitOptions(null, null, null, null, null);

	public static SubmitOptions defaults() {
		return DEFAULTS;
	}

	public SubmitOptions withIdempotencyKey(String key) {
		return new SubmitOptions(key, priority, runAt, maxAttempts, createdBy);
	}

	public SubmitOptions withPriority(Integer value) {
		return new SubmitOptions(idempotencyKey, value, runAt, maxAttempts, createdBy);
	}

	public SubmitOptions withRunAt(Instant value) {
		return new SubmitOptions(idempotencyKey, priority, value, maxAttempts, createdBy);
	}

	public SubmitOptions withMaxAttempts(Integer value) {
		return new SubmitOptions(idempotencyKey, priority, runAt, value, createdBy);
	}

	public SubmitOptions withCreatedBy(String value) {
		return new SubmitOptions(idempotencyKey, priority, runAt, maxAttempts, value);
	}

}
