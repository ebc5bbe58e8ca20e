package dev.jobs.core.job;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.simple.JdbcClient;

import dev.jobs.core.JobStatus;

import static dev.jobs.core.JobStatus.PENDING;
import static dev.jobs.core.job.JobStateMachine.ACTIVE;
import static dev.jobs.core.job.JobStateMachine.in;
import static dev.jobs.core.job.JobStateMachine.literal;

/**
 * The statements of a submission: insert new {@code PENDING} jobs (one or many in one statement),
 * find an earlier submission by its idempotency key, count a submitter's active jobs under a lock. Reached through
 * {@link JobStore#submissions()}, so it runs on that store's connections: the application's, joining the caller's
 * transaction, or the engine's, for follow-ups submitted as a job ends.
 */
class JobSubmissions {

	private final JdbcClient jdbc;

	JobSubmissions(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Inserts new {@code PENDING} jobs in one statement. Whether each is due now is decided by the
	 * database's clock, never the caller's. Reads back only what the caller does not know already
	 * (its times), not the row it just wrote.
	 * @return per job, in order: the row, or {@code null} when a job with the same submitter and
	 * idempotency key exists
	 */
	List<Inserted> insertAll(List<NewJob> jobs) {
		List<UUID> ids = new ArrayList<>(jobs.size());
		StringBuilder rows = new StringBuilder("[");
		for (NewJob job : jobs) {
			UUID id = JobIds.next();
			ids.add(id);
			if (rows.length() > 1) {
				rows.append(',');
			}
			rows.append("{\"id\":\"").append(id).append("\",\"type\":").append(jsonString(job.type()))
				.append(",\"payload\":").append(job.payloadJson())
				.append(",\"max_attempts\":").append(job.maxAttempts())
				.append(",\"priority\":").append(job.priority())
				.append(",\"run_at\":").append((job.runAt() != null) ? jsonString(job.runAt().toString()) : "null")
				.append(",\"idempotency_key\":").append(jsonString(job.idempotencyKey()))
				.append(",\"created_by\":").append(jsonString(job.createdBy()));
			if (job.traceContext() != null) {
				rows.append(",\"trace_context\":").append(jsonString(job.traceContext()));
			}
			if (job.status() != PENDING) {
				rows.append(",\"status\":").append(jsonString(job.status().name()));
			}
			if (job.batchId() != null) {
				rows.append(",\"batch_id\":\"").append(job.batchId()).append("\",\"batch_shard\":").append(job.batchShard());
			}
			if (job.workflowStep() != null) {
				rows.append(",\"workflow_step\":").append(jsonString(job.workflowStep()));
			}
			rows.append('}');
		}
		rows.append(']');
		Map<UUID, Inserted> inserted = new HashMap<>();
		jdbc.sql("""
				insert into {jobs}.job (id, type, payload, status, max_attempts, priority, run_at, idempotency_key, created_by,
				                 trace_context, batch_id, workflow_step, batch_shard)
				select r.id, r.type, r.payload, coalesce(r.status, %s), r.max_attempts, r.priority, coalesce(r.run_at, now()),
				       r.idempotency_key, r.created_by, r.trace_context, r.batch_id, r.workflow_step, r.batch_shard
				  from jsonb_to_recordset(cast(:rows as jsonb))
				       as r(id uuid, type text, payload jsonb, max_attempts int, priority int, run_at timestamptz,
				            idempotency_key text, created_by text, trace_context text, status text, batch_id uuid,
				            workflow_step text, batch_shard smallint)
				on conflict (created_by, idempotency_key) where idempotency_key is not null do nothing
				returning id, run_at, created_at, run_at <= now() as due
				""".formatted(literal(PENDING)))
			.param("rows", rows.toString())
			.query(rs -> {
				UUID id = rs.getObject("id", UUID.class);
				inserted.put(id, new Inserted(null, rs.getBoolean("due"), JobRow.instant(rs, "run_at"),
						JobRow.instant(rs, "created_at")));
			});
		List<Inserted> result = new ArrayList<>(jobs.size());
		for (int i = 0; i < jobs.size(); i++) {
			Inserted times = inserted.get(ids.get(i));
			NewJob job = jobs.get(i);
			result.add((times == null) ? null : new Inserted(new JobRow(ids.get(i), job.type(), job.payloadJson(),
					job.status(), 0, job.maxAttempts(), job.priority(), times.runAt(), null, job.idempotencyKey(),
					job.createdBy(), null, null, false, null, null, null, null, null, times.createdAt(),
					times.createdAt(), null, null), times.due(), times.runAt(), times.createdAt()));
		}
		return result;
	}

	/** Inserts one new job; see {@link #insertAll}. */
	Optional<Inserted> insert(NewJob job) {
		return Optional.ofNullable(insertAll(List.of(job)).get(0));
	}

	/**
	 * The jobs submitted earlier with these submitters' idempotency keys, each with whether its
	 * payload equals the one given as {@code jsonb} compares them, in one statement.
	 * @return by {@link #keyOf(String, String)}
	 */
	Map<String, Replay> findByIdempotencyKeys(Collection<NewJob> keyed) {
		Map<String, Replay> found = new HashMap<>();
		if (keyed.isEmpty()) {
			return found;
		}
		String rows = keyed.stream()
			.map(j -> "{\"created_by\":" + jsonString(j.createdBy()) + ",\"idempotency_key\":"
					+ jsonString(j.idempotencyKey()) + ",\"payload\":" + j.payloadJson() + "}")
			.collect(Collectors.joining(",", "[", "]"));
		jdbc.sql("select " + JobRow.COLUMNS + ", same_payload from (select j.*, j.payload = r.payload as same_payload"
				+ " from {jobs}.job j join jsonb_to_recordset(cast(:rows as jsonb))"
				+ " as r(created_by text, idempotency_key text, payload jsonb)"
				+ " on j.created_by = r.created_by and j.idempotency_key = r.idempotency_key) as j")
			.param("rows", rows)
			.query(rs -> {
				JobRow row = JobRow.map(rs, 0);
				found.put(keyOf(row.createdBy(), row.idempotencyKey()), new Replay(row, rs.getBoolean("same_payload")));
			});
		return found;
	}

	static String keyOf(String createdBy, String idempotencyKey) {
		return createdBy + '\u0000' + idempotencyKey;
	}

	/** A JSON string literal (or {@code null}), escaped as RFC 8259 asks. */
	static String jsonString(String value) {
		if (value == null) {
			return "null";
		}
		StringBuilder out = new StringBuilder(value.length() + 2).append('"');
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			switch (c) {
				case '"' -> out.append("\\\"");
				case '\\' -> out.append("\\\\");
				default -> {
					if (c < 0x20) {
						out.append(String.format("\\u%04x", (int) c));
					}
					else {
						out.append(c);
					}
				}
			}
		}
		return out.append('"').toString();
	}

	/**
	 * Counts a submitter's active jobs of a type, after taking a transaction-scoped lock on that
	 * pair: two concurrent submissions of the same user and type are serialised, so a limit cannot
	 * be overrun by a race. Reads only the partial index of active jobs, not the user's history.
	 */
	int countActive(String createdBy, String type) {
		jdbc.sql("select pg_advisory_xact_lock(hashtext(:createdBy), hashtext(:type))")
			.param("createdBy", createdBy)
			.param("type", type)
			.query((rs, n) -> 1)
			.list();
		return jdbc.sql("select count(*) from {jobs}.job where created_by = :createdBy and type = :type and " + in(ACTIVE))
			.param("createdBy", createdBy)
			.param("type", type)
			.query(Integer.class)
			.single();
	}

	/**
	 * The job submitted earlier with this key, and whether its payload equals {@code payloadJson}
	 * as {@code jsonb} compares them (so numbers compare by value, whatever their precision).
	 */
	Optional<Replay> findByIdempotencyKey(String createdBy, String key, String payloadJson) {
		return jdbc.sql("select " + JobRow.COLUMNS + ", payload = cast(:payload as jsonb) as same_payload"
				+ " from {jobs}.job where created_by = :createdBy and idempotency_key = :key")
			.param("createdBy", createdBy)
			.param("key", key)
			.param("payload", payloadJson)
			.query((rs, n) -> new Replay(JobRow.map(rs, n), rs.getBoolean("same_payload")))
			.optional();
	}

	/**
	 * What a new job is inserted with.
	 * @param traceContext the submitter's trace context ({@link TraceContext#format()}), or {@code null}
	 * @param status {@code PENDING}, or {@code AWAITING} for a job that waits for others
	 * @param batchId the batch it is a member of, or {@code null}
	 * @param workflowStep its step's name in a workflow, or {@code null}
	 */
	record NewJob(String type, String payloadJson, int maxAttempts, int priority, Instant runAt,
			String idempotencyKey, String createdBy, String traceContext, JobStatus status, UUID batchId,
			String workflowStep, Integer batchShard) {

		NewJob(String type, String payloadJson, int maxAttempts, int priority, Instant runAt, String idempotencyKey,
				String createdBy) {
			this(type, payloadJson, maxAttempts, priority, runAt, idempotencyKey, createdBy, null, PENDING, null, null, null);
		}

		/** The same job, stored with {@code context}. */
		NewJob tracedBy(String context) {
			return new NewJob(type, payloadJson, maxAttempts, priority, runAt, idempotencyKey, createdBy, context,
					status, batchId, workflowStep, batchShard);
		}

		/** The same job, waiting for others ({@code AWAITING}) or not. */
		NewJob awaiting(boolean waits) {
			return new NewJob(type, payloadJson, maxAttempts, priority, runAt, idempotencyKey, createdBy, traceContext,
					waits ? JobStatus.AWAITING : PENDING, batchId, workflowStep, batchShard);
		}

		/** The same job, a member of a batch, counted in {@code shard} of its counts. */
		NewJob inBatch(UUID batch, int shard) {
			return new NewJob(type, payloadJson, maxAttempts, priority, runAt, idempotencyKey, createdBy, traceContext,
					status, batch, workflowStep, shard);
		}

		/** The same job, a workflow's step. */
		NewJob asStep(String name) {
			return new NewJob(type, payloadJson, maxAttempts, priority, runAt, idempotencyKey, createdBy, traceContext,
					status, batchId, name, batchShard);
		}

	}

	/** A job just inserted, and whether the database's clock says it is due. */
	record Inserted(JobRow row, boolean due, Instant runAt, Instant createdAt) {
	}

	/** An earlier submission with the same idempotency key. */
	record Replay(JobRow row, boolean samePayload) {
	}

}
