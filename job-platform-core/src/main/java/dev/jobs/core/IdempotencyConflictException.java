package dev.jobs.core;

import java.util.UUID;

/** The idempotency key was already used by this submitter for a different type or payload. */
public class IdempotencyConflictException extends JobsException {

	private final String key;

	private final UUID existingJobId;

	public IdempotencyConflictException(String key, UUID existingJobId) {
		this(key, existingJobId, "Idempotency key '" + key + "' was already used for job " + existingJobId
				+ " with a different type or payload. Use a new key for a different request.");
	}

	/** The key was used before, and reusing it is refused for the reason {@code message} gives. */
	public IdempotencyConflictException(String key, UUID existingJobId, String message) {
		super(message);
		this.key = key;
		this.existingJobId = existingJobId;
	}

	/** The key that was reused. */
	public String key() {
		return key;
	}

	public UUID existingJobId() {
		return existingJobId;
	}

}
