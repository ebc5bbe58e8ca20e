package dev.jobs.core.job;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import dev.jobs.core.JobAttemptView;
import dev.jobs.core.JobStatus;
import dev.jobs.core.JobView;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Read-only questions about jobs: one job, a filtered page, an attempt history.
 */
public class JobQueries {

	private final JdbcClient jdbc;

	private final Payloads payloads;

	public JobQueries(JdbcClient jdbc, Payloads payloads) {
		this.jdbc = jdbc;
		this.payloads = payloads;
	}

	public Optional<JobView> find(UUID id) {
		return jdbc.sql("select " + JobRow.COLUMNS + " from job where id = :id")
			.param("id", id)
			.query(JobRow::map)
			.optional()
			.map(this::view);
	}

	/**
	 * A page of jobs, newest first. Filters are fixed SQL fragments with bound values; nothing a
	 * caller sends becomes SQL text.
	 */
	public JobPage list(JobFilter filter, int page, int size) {
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
			params.put("from", OffsetDateTime.ofInstant(filter.from(), ZoneOffset.UTC));
		}
		if (filter.to() != null) {
			where.add("created_at < :to");
			params.put("to", OffsetDateTime.ofInstant(filter.to(), ZoneOffset.UTC));
		}
		String clause = where.isEmpty() ? "" : " where " + String.join(" and ", where);
		long total = jdbc.sql("select count(*) from job" + clause).params(params).query(Long.class).single();
		params.put("limit", size);
		params.put("offset", (long) page * size);
		List<JobView> items = jdbc
			.sql("select " + JobRow.COLUMNS + " from job" + clause
					+ " order by created_at desc, id desc limit :limit offset :offset")
			.params(params)
			.query(JobRow::map)
			.list()
			.stream()
			.map(this::view)
			.toList();
		return new JobPage(items, page, size, total);
	}

	public List<JobAttemptView> attempts(UUID jobId) {
		return jdbc.sql("""
				select attempt, worker_id, started_at, finished_at, outcome, error, stack_trace
				  from job_attempt where job_id = :id order by attempt
				""")
			.param("id", jobId)
			.query((rs, n) -> new JobAttemptView(rs.getInt("attempt"), rs.getString("worker_id"),
					JobRow.instant(rs, "started_at"), JobRow.instant(rs, "finished_at"), rs.getString("outcome"),
					rs.getString("error"), rs.getString("stack_trace")))
			.list();
	}

	JobView view(JobRow row) {
		return new JobView(row.id(), row.type(), row.status(), row.attempt(), row.maxAttempts(), row.priority(),
				row.runAt(), row.createdBy(), row.idempotencyKey(), payloads.readTree(row.payload()),
				new JobView.Progress(row.progressDone(), row.progressTotal(), row.progressMessage()),
				payloads.readTree(row.result()), row.lastError(), row.cancelRequested(), row.createdAt(),
				row.updatedAt(), row.startedAt(), row.finishedAt());
	}

	/** Optional filters of {@link #list}; {@code null} means "any". */
	public record JobFilter(String type, JobStatus status, String createdBy, Instant from, Instant to) {
	}

	/** One page of jobs and the number of jobs matching the filter. */
	public record JobPage(List<JobView> items, int page, int size, long total) {
	}

}
