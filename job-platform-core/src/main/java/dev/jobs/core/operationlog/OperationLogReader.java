package dev.jobs.core.operationlog;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;

import tools.jackson.databind.JsonNode;

/**
 * Reads the operation log: who did what, newest first. The core only defines the question; the
 * module that stores the log ({@code job-types}) answers it with a bean of this type, so a page such
 * as the dashboard's can show the log without depending on that module. No bean: no operation log.
 */
public interface OperationLogReader {

	/** One page of entries matching the query, newest first; {@code size} is clamped to the store's maximum. */
	Page search(Query query, int page, int size);

	/** One entry by its id. */
	Optional<Entry> find(UUID id);

	/**
	 * Whether someone with these roles may read the log ({@code jobs.operation-log.reader-roles});
	 * every reader of the log holds the same rule.
	 * @param hasRole whether the reader holds a role (without the {@code ROLE_} prefix)
	 */
	boolean mayRead(Predicate<String> hasRole);

	/** What to look for; {@code null} fields mean "any". {@code text} is a case-insensitive substring of the message. */
	record Query(String user, String action, String target, Outcome outcome, Instant from, Instant to, String text) {

		public static Query any() {
			return new Query(null, null, null, null, null, null, null);
		}

	}

	/** One page; {@code hasMore} instead of a total, which would scan the whole log. */
	record Page(List<Entry> items, int page, int size, boolean hasMore) {
	}

	/**
	 * One recorded call.
	 * @param target what it was done to (a job id, a filter), or {@code null}
	 * @param errorType the exception's class when the call failed
	 * @param arguments the arguments by parameter name (secrets masked), when the annotation records them
	 * @param diff the changed fields, when the annotation compares before and after
	 * @param traceId the trace the call ran in, when the application traces, or {@code null}
	 */
	record Entry(UUID id, Instant occurredAt, String username, String action, String target, String message,
			Outcome outcome, String errorType, String errorMessage, long durationMs, String clientIp, String userAgent,
			String httpMethod, String path, String correlationId, JsonNode arguments, List<Change> diff,
			String traceId) {

		public Entry(UUID id, Instant occurredAt, String username, String action, String target, String message,
				Outcome outcome, String errorType, String errorMessage, long durationMs, String clientIp,
				String userAgent, String httpMethod, String path, String correlationId, JsonNode arguments,
				List<Change> diff) {
			this(id, occurredAt, username, action, target, message, outcome, errorType, errorMessage, durationMs,
					clientIp, userAgent, httpMethod, path, correlationId, arguments, diff, null);
		}

	}

	/** How the call ended. */
	enum Outcome {

		SUCCESS, FAILURE

	}

	/** One changed field: {@code salary: 12000 → 13500}. */
	record Change(String field, String before, String after) {

		@Override
		public String toString() {
			return field + ": " + before + " → " + after;
		}

	}

}
