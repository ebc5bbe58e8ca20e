package dev.jobs.types.operationlog;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import tools.jackson.databind.JsonNode;

/**
 * One operation log entry, the payload of an {@code OPERATION_LOG} message.
 * @param id the message id: written once however often the entry is delivered
 * @param outcome {@code SUCCESS} or {@code FAILURE}
 * @param errorType the exception's class when the call failed
 * @param arguments the arguments by parameter name (secrets masked), when the annotation asks
 * @param diff the changed fields, when the annotation has a {@code before} expression
 * @param traceId the trace the call ran in (32 hex digits), when the application traces; a submission it made
 * stores the same trace, so the entry leads to the job's whole life
 */
public record OperationLogEntry(@NotNull UUID id, @NotNull Instant occurredAt, @NotBlank String username,
		@NotBlank String action, String target, @NotNull String message, @NotNull Outcome outcome, String errorType,
		String errorMessage, long durationMs, String clientIp, String userAgent, String httpMethod, String path,
		String correlationId, JsonNode arguments, List<Change> diff, String traceId) {

	public OperationLogEntry(UUID id, Instant occurredAt, String username, String action, String target,
			String message, Outcome outcome, String errorType, String errorMessage, long durationMs, String clientIp,
			String userAgent, String httpMethod, String path, String correlationId, JsonNode arguments,
			List<Change> diff) {
		this(id, occurredAt, username, action, target, message, outcome, errorType, errorMessage, durationMs,
				clientIp, userAgent, httpMethod, path, correlationId, arguments, diff, null);
	}

	/** How the call ended. */
	public enum Outcome {

		SUCCESS, FAILURE

	}

	/** One changed field: {@code salary: 12000 → 13500}. */
	public record Change(String field, String before, String after) {

		@Override
		public String toString() {
			return field + ": " + before + " → " + after;
		}

	}

}
