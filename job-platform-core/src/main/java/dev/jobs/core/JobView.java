package dev.jobs.core;

import java.time.Instant;
import java.util.UUID;

import tools.jackson.databind.JsonNode;

/**
 * A snapshot of one job as stored. Build one with names, {@code JobView.builder().id(id).type(type)…build()}:
 * eighteen positional arguments, four of them consecutive {@code Instant}s, are easy to swap unnoticed.
 */
public record JobView(UUID id, String type, JobStatus status, int attempt, int maxAttempts, int priority,
		Instant runAt, String createdBy, String idempotencyKey, JsonNode payload, Progress progress, JsonNode result,
		String lastError, boolean cancelRequested, Instant createdAt, Instant updatedAt, Instant startedAt,
		Instant finishedAt) {

	/** Progress as last reported by the handler; {@code total} may be unknown ({@code null}). */
	public record Progress(Long done, Long total, String message) {
	}

	/** A builder with every component unset ({@code null}, zero, {@code false}). */
	public static Builder builder() {
		return new Builder();
	}

	/** Builds a {@link JobView} component by component, each named. */
	public static final class Builder {

		private UUID id;

		private String type;

		private JobStatus status;

		private int attempt;

		private int maxAttempts;

		private int priority;

		private Instant runAt;

		private String createdBy;

		private String idempotencyKey;

		private JsonNode payload;

		private Progress progress;

		private JsonNode result;

		private String lastError;

		private boolean cancelRequested;

		private Instant createdAt;

		private Instant updatedAt;

		private Instant startedAt;

		private Instant finishedAt;

		private Builder() {
		}

		public Builder id(UUID id) {
			this.id = id;
			return this;
		}

		public Builder type(String type) {
			this.type = type;
			return this;
		}

		public Builder status(JobStatus status) {
			this.status = status;
			return this;
		}

		public Builder attempt(int attempt) {
			this.attempt = attempt;
			return this;
		}

		public Builder maxAttempts(int maxAttempts) {
			this.maxAttempts = maxAttempts;
			return this;
		}

		public Builder priority(int priority) {
			this.priority = priority;
			return this;
		}

		public Builder runAt(Instant runAt) {
			this.runAt = runAt;
			return this;
		}

		public Builder createdBy(String createdBy) {
			this.createdBy = createdBy;
			return this;
		}

		public Builder idempotencyKey(String idempotencyKey) {
			this.idempotencyKey = idempotencyKey;
			return this;
		}

		public Builder payload(JsonNode payload) {
			this.payload = payload;
			return this;
		}

		public Builder progress(Progress progress) {
			this.progress = progress;
			return this;
		}

		public Builder result(JsonNode result) {
			this.result = result;
			return this;
		}

		public Builder lastError(String lastError) {
			this.lastError = lastError;
			return this;
		}

		public Builder cancelRequested(boolean cancelRequested) {
			this.cancelRequested = cancelRequested;
			return this;
		}

		public Builder createdAt(Instant createdAt) {
			this.createdAt = createdAt;
			return this;
		}

		public Builder updatedAt(Instant updatedAt) {
			this.updatedAt = updatedAt;
			return this;
		}

		public Builder startedAt(Instant startedAt) {
			this.startedAt = startedAt;
			return this;
		}

		public Builder finishedAt(Instant finishedAt) {
			this.finishedAt = finishedAt;
			return this;
		}

		public JobView build() {
			return new JobView(id, type, status, attempt, maxAttempts, priority, runAt, createdBy, idempotencyKey,
					payload, progress, result, lastError, cancelRequested, createdAt, updatedAt, startedAt,
					finishedAt);
		}

	}

}
