package dev.jobs.core.job;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;

import static dev.jobs.core.job.JobStateMachine.UNDISPATCHED;
import static dev.jobs.core.job.JobStateMachine.WAITING;
import static dev.jobs.core.job.JobStateMachine.in;
import static dev.jobs.core.job.SqlValues.timestamp;

/**
 * Reads of the job tables: one job, a filtered page, an attempt history (as {@link JobQueries} shows them), and
 * the gauges' counts of waiting jobs and of the outbox. Reads run on the store's connections, so a read in an
 * ending's transaction sees the end it has just written.
 */
public class JobReads {

	private static final String CURRENT = "select " + JobRow.COLUMNS + " from {jobs}.job where id = :id";

	private final JdbcClient jdbc;

	JobReads(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	Optional<JobRow> find(UUID id) {
		return jdbc.sql(CURRENT).param("id", id).query(JobRow::map).optional();
	}

	/**
	 * A page of jobs, newest first. Filters are fixed SQL fragments with bound values; nothing a
	 * caller sends becomes SQL text.
	 */
	RowPage list(JobQueries.JobFilter filter, int page, int size) {
		List<String> where = new ArrayList<>();
		Map<String, Object> params = new LinkedHashMap<>();
		if (filter.type() != null) {
			where.add("type = :type");
			params.put("type", filter.type());
		}
		if (filter.status() != null) {
			where.add("status = :status");
			params.put("status", filter.status().name());
		}
		if (filter.createdBy() != null) {
			where.add("created_by = :createdBy");
			params.put("createdBy", filter.createdBy());
		}
		if (filter.from() != null) {
			where.add("created_at >= :from");
			params.put("from", timestamp(filter.from()));
		}
		if (filter.to() != null) {
			where.add("created_at < :to");
			params.put("to", timestamp(filter.to()));
		}
		String clause = where.isEmpty() ? "" : " where " + String.join(" and ", where);
		long total = jdbc.sql("select count(*) from {jobs}.job" + clause).params(params).query(Long.class).single();
		params.put("limit", size);
		params.put("offset", (long) page * size);
		List<JobRow> rows = jdbc
			.sql("select " + JobRow.COLUMNS + " from {jobs}.job" + clause
					+ " order by created_at desc, id desc limit :limit offset :offset")
			.params(params)
			.query(JobRow::map)
			.list();
		return new RowPage(rows, total);
	}

	/** The trace context stored with a job ({@link TraceContext}), or {@code null}; for the job's detail only. */
	String traceContext(UUID jobId) {
		return jdbc.sql("select trace_context from {jobs}.job where id = :id")
			.param("id", jobId)
			.query(String.class)
			.optional()
			.orElse(null);
	}

	List<dev.jobs.core.JobAttemptView> attempts(UUID jobId) {
		return jdbc.sql("""
				select attempt, worker_id, started_at, finished_at, outcome, error, stack_trace
				  from {jobs}.job_attempt where job_id = :id order by attempt
				""")
			.param("id", jobId)
			.query((rs, n) -> new dev.jobs.core.JobAttemptView(rs.getInt("attempt"), rs.getString("worker_id"),
					JobRow.instant(rs, "started_at"), JobRow.instant(rs, "finished_at"), rs.getString("outcome"),
					rs.getString("error"), rs.getString("stack_trace")))
			.list();
	}

	// ---- gauges ---------------------------------------------------------------------------------

	/** Per type: due jobs waiting for a worker, and the age in seconds of the oldest. */
	public Map<String, WaitingJobs> waitingByType() {
		Map<String, WaitingJobs> result = new HashMap<>();
		jdbc.sql("""
				select type, count(*) as waiting, extract(epoch from now() - min(run_at)) as lag
				  from {jobs}.job where %s and run_at <= now()
				 group by type
				""".formatted(in(WAITING)))
			.query(rs -> {
				result.put(rs.getString("type"), new WaitingJobs(rs.getLong("waiting"), rs.getDouble("lag")));
			});
		return result;
	}

	/** The outbox: due jobs whose message the broker has not confirmed, and those it refused. */
	public OutboxState outboxState() {
		return jdbc.sql("""
				select count(*) as backlog, coalesce(extract(epoch from now() - min(run_at)), 0) as oldest,
				       count(*) filter (where relay_failures > 0) as refused
				  from {jobs}.job where %s and dispatched_at is null and run_at <= now()
				""".formatted(in(UNDISPATCHED)))
			.query((rs, n) -> new OutboxState(rs.getLong("backlog"), rs.getDouble("oldest"), rs.getLong("refused")))
			.single();
	}

	/**
	 * Failure groups with a member that failed in the last {@code window} (the {@code jobs.failure.groups} gauge):
	 * one probe of the partial index per known group, never a count of the members.
	 */
	public long failureGroupsWithin(java.time.Duration window) {
		return jdbc.sql("""
				select count(*) from {jobs}.failure_group g
				 where exists (select 1 from {jobs}.job j
				                where j.failure_group = g.fingerprint and j.%s
				                  and j.updated_at >= now() - :windowMillis * interval '1 millisecond')
				""".formatted(in(JobStateMachine.FAILURE_GROUPED)))
			.param("windowMillis", window.toMillis())
			.query(Long.class)
			.single();
	}

	/** Per type: jobs waiting for other jobs ({@code AWAITING}: workflow steps, batch callbacks). */
	public Map<String, Long> awaitingByType() {
		Map<String, Long> result = new HashMap<>();
		jdbc.sql("select type, count(*) as awaiting from {jobs}.job where status = %s group by type"
			.formatted(JobStateMachine.literal(dev.jobs.core.JobStatus.AWAITING)))
			.query(rs -> {
				result.put(rs.getString("type"), rs.getLong("awaiting"));
			});
		return result;
	}

	/** Batches whose members have not all ended, and that nobody cancelled. */
	public long batchesRunning() {
		return jdbc.sql("select count(*) from {jobs}.job_batch where completed_at is null and cancelled_at is null")
			.query(Long.class)
			.single();
	}

	// ---- what goes in and out -------------------------------------------------------------------

	/** A page of rows and the number of rows matching the filter. */
	record RowPage(List<JobRow> rows, long total) {
	}

	/** Due jobs of one type waiting for a worker. */
	public record WaitingJobs(long count, double oldestAgeSeconds) {
	}

	/** The outbox's size, the age of its oldest row, and how many rows the broker refused or returned. */
	public record OutboxState(long backlog, double oldestAgeSeconds, long refused) {
	}

}
