package dev.jobs.core.job;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.jobs.core.JobBrowser.JobSearch;
import dev.jobs.core.JobBrowser.ThroughputBucket;
import dev.jobs.core.JobStatus;

import org.springframework.jdbc.core.simple.JdbcClient;

import static dev.jobs.core.JobStatus.FAILED;
import static dev.jobs.core.JobStatus.PENDING;
import static dev.jobs.core.JobStatus.QUEUED;
import static dev.jobs.core.JobStatus.RETRY_WAIT;
import static dev.jobs.core.JobStatus.RUNNING;
import static dev.jobs.core.JobStatus.SUCCEEDED;
import static dev.jobs.core.job.JobStateMachine.ACTIVE;
import static dev.jobs.core.job.JobStateMachine.WAITING;
import static dev.jobs.core.job.JobStateMachine.in;
import static dev.jobs.core.job.JobStateMachine.literal;

/**
 * The operator's read-only SQL on the job table (search, counts, throughput), kept next to
 * {@link JobQueries} so the {@link JobStore}'s classes stay the engine's statements. Nothing here writes; every
 * status set comes from {@link JobStateMachine}, and nothing a caller sends becomes SQL text.
 */
class JobBrowserQueries {

	private final JdbcClient jdbc;

	JobBrowserQueries(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** A page of rows matching the search, newest first. */
	List<JobRow> search(JobSearch search, int page, int size) {
		Where where = where(search);
		Map<String, Object> params = new LinkedHashMap<>(where.params());
		params.put("limit", size);
		params.put("offset", (long) page * size);
		return jdbc
			.sql("select " + JobRow.COLUMNS + " from {jobs}.job" + where.clause()
					+ " order by created_at desc, id desc limit :limit offset :offset")
			.params(params)
			.query(JobRow::map)
			.list();
	}

	long count(JobSearch search) {
		Where where = where(search);
		return jdbc.sql("select count(*) from {jobs}.job" + where.clause()).params(where.params()).query(Long.class).single();
	}

	/** Ids of jobs matching the search, oldest first, at most {@code limit}. */
	List<UUID> ids(JobSearch search, int limit) {
		Where where = where(search);
		Map<String, Object> params = new LinkedHashMap<>(where.params());
		params.put("limit", limit);
		return jdbc.sql("select id from {jobs}.job" + where.clause() + " order by created_at, id limit :limit")
			.params(params)
			.query(UUID.class)
			.list();
	}

	/**
	 * Per type: waiting (not yet retried), running, waiting for a retry, failed and succeeded in the
	 * last hour, and the age of the oldest due waiting job. Reads the active jobs' partial index and
	 * the finished jobs' index, never the whole history.
	 */
	Map<String, TypeCounts> countsByType() {
		Map<String, TypeCounts> result = new LinkedHashMap<>();
		jdbc.sql("""
				select type,
				       count(*) filter (where %1$s) as waiting,
				       count(*) filter (where status = %2$s) as running,
				       count(*) filter (where status = %3$s) as retry_waiting,
				       count(*) filter (where status = %4$s and finished_at >= now() - interval '1 hour') as failed,
				       count(*) filter (where status = %5$s and finished_at >= now() - interval '1 hour') as succeeded,
				       coalesce(extract(epoch from now() - min(run_at) filter (where %6$s and run_at <= now())), 0) as lag,
				       count(*) filter (where status = %9$s) as awaiting
				  from {jobs}.job
				 where %7$s or (%8$s and finished_at >= now() - interval '1 hour')
				 group by type
				""".formatted(in(EnumSet.of(PENDING, QUEUED)), literal(RUNNING), literal(RETRY_WAIT), literal(FAILED),
				literal(SUCCEEDED), in(WAITING), in(ACTIVE), in(EnumSet.of(FAILED, SUCCEEDED)),
				literal(dev.jobs.core.JobStatus.AWAITING)))
			.query(rs -> {
				result.put(rs.getString("type"), new TypeCounts(rs.getLong("waiting"), rs.getLong("running"),
						rs.getLong("retry_waiting"), rs.getLong("failed"), rs.getLong("succeeded"), rs.getDouble("lag"),
						rs.getLong("awaiting")));
			});
		return result;
	}

	/** Jobs that succeeded or failed, per bucket, over the window; empty buckets included. */
	List<ThroughputBucket> throughput(Duration window, Duration bucket) {
		return jdbc.sql("""
				with buckets as (
				    select generate_series(date_bin(:bucket * interval '1 millisecond', now() - :window * interval '1 millisecond',
				                                    timestamptz '2000-01-01'),
				                           now(), :bucket * interval '1 millisecond') as start
				), ended as (
				    select date_bin(:bucket * interval '1 millisecond', finished_at, timestamptz '2000-01-01') as start,
				           count(*) filter (where status = %1$s) as succeeded,
				           count(*) filter (where status = %2$s) as failed
				      from {jobs}.job
				     where %3$s and finished_at >= now() - :window * interval '1 millisecond' - :bucket * interval '1 millisecond'
				     group by 1
				)
				select b.start, coalesce(e.succeeded, 0) as succeeded, coalesce(e.failed, 0) as failed
				  from buckets b left join ended e on e.start = b.start
				 order by b.start
				""".formatted(literal(SUCCEEDED), literal(FAILED), in(EnumSet.of(SUCCEEDED, FAILED))))
			.param("bucket", bucket.toMillis())
			.param("window", window.toMillis())
			.query((rs, n) -> new ThroughputBucket(JobRow.instant(rs, "start"), rs.getLong("succeeded"),
					rs.getLong("failed")))
			.list();
	}

	/** Failed jobs of a type, newest first. */
	List<JobRow> failed(String type, int limit) {
		return jdbc
			.sql("select " + JobRow.COLUMNS + " from {jobs}.job where type = :type and status = " + literal(FAILED)
					+ " order by finished_at desc nulls last, id desc limit :limit")
			.param("type", type)
			.param("limit", limit)
			.query(JobRow::map)
			.list();
	}

	/** Fixed SQL fragments with bound values. */
	private static Where where(JobSearch search) {
		List<String> where = new ArrayList<>();
		Map<String, Object> params = new LinkedHashMap<>();
		if (search.type() != null) {
			where.add("type = :type");
			params.put("type", search.type());
		}
		if (search.status() != null) {
			where.add("status = :status");
			params.put("status", search.status().name());
		}
		if (search.createdBy() != null) {
			where.add("created_by = :createdBy");
			params.put("createdBy", search.createdBy());
		}
		if (search.from() != null) {
			where.add("created_at >= :from");
			params.put("from", OffsetDateTime.ofInstant(search.from(), ZoneOffset.UTC));
		}
		if (search.to() != null) {
			where.add("created_at < :to");
			params.put("to", OffsetDateTime.ofInstant(search.to(), ZoneOffset.UTC));
		}
		if (search.text() != null) {
			UUID id = uuid(search.text());
			if (id != null) {
				where.add("id = :id");
				params.put("id", id);
			}
			else {
				// A value inside the payload: a substring of its JSON text, so "研发部" finds
				// {"department":"研发部"} whatever the field is called. Wildcards are escaped.
				where.add("(idempotency_key = :text or payload::text ilike :pattern escape '\\')");
				params.put("text", search.text());
				params.put("pattern", "%" + search.text().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
						+ "%");
			}
		}
		return new Where(where.isEmpty() ? "" : " where " + String.join(" and ", where), params);
	}

	private static UUID uuid(String text) {
		if (text.length() != 36) {
			return null;
		}
		try {
			return UUID.fromString(text);
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	private record Where(String clause, Map<String, Object> params) {
	}

	/** One type's counts; see {@link #countsByType()}. */
	record TypeCounts(long waiting, long running, long retryWaiting, long failedLastHour, long succeededLastHour,
			double lagSeconds, long awaiting) {
	}

}
