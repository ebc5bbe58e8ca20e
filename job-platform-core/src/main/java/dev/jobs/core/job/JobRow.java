package dev.jobs.core.job;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;

import dev.jobs.core.JobStatus;

/**
 * One row of the {@code job} table, as read by the state machine and the queries.
 */
record JobRow(UUID id, String type, String payload, JobStatus status, int attempt, int maxAttempts, int priority,
		Instant runAt, Instant dispatchedAt, String idempotencyKey, String createdBy, String workerId,
		Instant leaseUntil, boolean cancelRequested, Long progressDone, Long progressTotal, String progressMessage,
		String result, String lastError, Instant createdAt, Instant updatedAt, Instant startedAt, Instant finishedAt) {

	static final String COLUMNS = "id, type, payload::text as payload, status, attempt, max_attempts, priority, run_at, "
			+ "dispatched_at, idempotency_key, created_by, worker_id, lease_until, cancel_requested, progress_done, "
			+ "progress_total, progress_message, result::text as result, last_error, created_at, updated_at, "
			+ "started_at, finished_at";

	static JobRow map(ResultSet rs, int rowNum) throws SQLException {
		return new JobRow(rs.getObject("id", UUID.class), rs.getString("type"), rs.getString("payload"),
				JobStatus.valueOf(rs.getString("status")), rs.getInt("attempt"), rs.getInt("max_attempts"),
				rs.getInt("priority"), instant(rs, "run_at"), instant(rs, "dispatched_at"),
				rs.getString("idempotency_key"), rs.getString("created_by"), rs.getString("worker_id"),
				instant(rs, "lease_until"), rs.getBoolean("cancel_requested"), nullableLong(rs, "progress_done"),
				nullableLong(rs, "progress_total"), rs.getString("progress_message"), rs.getString("result"),
				rs.getString("last_error"), instant(rs, "created_at"), instant(rs, "updated_at"),
				instant(rs, "started_at"), instant(rs, "finished_at"));
	}

	static Instant instant(ResultSet rs, String column) throws SQLException {
		OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
		return (value != null) ? value.toInstant() : null;
	}

	private static Long nullableLong(ResultSet rs, String column) throws SQLException {
		long value = rs.getLong(column);
		return rs.wasNull() ? null : value;
	}

	JobMessage message() {
		return new JobMessage(id, type, attempt, priority);
	}

}
