package dev.jobs.core;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * Optional settings of one submission. Unset values ({@code null}) take the job type's defaults.
 *
 * @param idempotencyKey a key unique per submitter: repeating a submission with the same key and
 * payload returns the first job instead of creating another
 * @param priority 0 (default) to 9, higher runs first where the queue supports priorities
 * @param runAt the earliest time the job may run
 * @param maxAttempts overrides the type's {@code max-attempts}
 * @param createdBy who submits; defaults to {@code system}
 * @param dependsOn jobs that must all succeed before this one runs; until then it waits as
 * {@link JobStatus#AWAITING}, and if one of them fails for good (or is cancelled) it is cancelled with the reason.
 * Empty: none. See {@code docs/BATCHES.md}
 */
public record SubmitOptions(String idempotencyKey, Integer priority, Instant runAt, Integer maxAttempts,
		String createdBy, List<UUID> dependsOn) {

	private static final SubmitOptions DEFAULTS = new SubmitOptions(null, null, null, null, null, List.of());

	public SubmitOptions {
		dependsOn = (dependsOn != null) ? List.copyOf(dependsOn) : List.of();
	}

	/** Options without dependencies. */
	public SubmitOptions(String idempotencyKey, Integer priority, Instant runAt, Integer maxAttempts,
			String createdBy) {
		this(idempotencyKey, priority, runAt, maxAttempts, createdBy, List.of());
	}

	public static SubmitOptions defaults() {
		return DEFAULTS;
	}

	public SubmitOptions withIdempotencyKey(String key) {
		return new SubmitOptions(key, priority, runAt, maxAttempts, createdBy, dependsOn);
	}

	public SubmitOptions withPriority(Integer value) {
		return new SubmitOptions(idempotencyKey, value, runAt, maxAttempts, createdBy, dependsOn);
	}

	public SubmitOptions withRunAt(Instant value) {
		return new SubmitOptions(idempotencyKey, priority, value, maxAttempts, createdBy, dependsOn);
	}

	public SubmitOptions withMaxAttempts(Integer value) {
		return new SubmitOptions(idempotencyKey, priority, runAt, value, createdBy, dependsOn);
	}

	public SubmitOptions withCreatedBy(String value) {
		return new SubmitOptions(idempotencyKey, priority, runAt, maxAttempts, value, dependsOn);
	}

	/** The jobs this one waits for (all must succeed); see {@link #dependsOn()}. */
	public SubmitOptions withDependsOn(Collection<UUID> ids) {
		return new SubmitOptions(idempotencyKey, priority, runAt, maxAttempts, createdBy, List.copyOf(ids));
	}

	/** As {@link #withDependsOn(Collection)}. */
	public SubmitOptions withDependsOn(UUID... ids) {
		return withDependsOn(List.of(ids));
	}

}
