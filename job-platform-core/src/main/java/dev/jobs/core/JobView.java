package dev.jobs.core;

import java.time.Instant;
import java.util.UUID;

import tools.jackson.databind.JsonNode;

/**
 * A snapshot of one job as stored.
 */
public record JobView(UUID id, String type, JobStatus status, int attempt, int maxAttempts, int priority,
		Instant runAt, String createdBy, String idempotencyKey, JsonNode payload, Progress progress, JsonNode result,
		String lastError, boolean cancelRequested, Instant createdAt, Instant updatedAt, Instant startedAt,
		Instant finishedAt) {

	/** Progress as last reported by the handler; {@code total} may be unknown ({@code null}). */
	public record Progress(Long done, Long total, String message) {
	}

}
