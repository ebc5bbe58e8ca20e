package dev.jobs.core.job;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import dev.jobs.core.FailureGroupNotFoundException;
import dev.jobs.core.FailureGroups;
import dev.jobs.core.JobAdmin;
import dev.jobs.core.JobAdmin.Actor;
import dev.jobs.core.JobAdmin.BulkResult;
import dev.jobs.core.JobStatus;

import org.springframework.jdbc.core.simple.JdbcClient;

import static dev.jobs.core.JobStatus.FAILED;
import static dev.jobs.core.JobStatus.RETRY_WAIT;
import static dev.jobs.core.job.JobStateMachine.FAILURE_GROUPED;
import static dev.jobs.core.job.JobStateMachine.in;
import static dev.jobs.core.job.JobStateMachine.literal;

/**
 * The {@link FailureGroups}: each group's figures counted from its members' rows through the partial index
 * {@code job_failure_group_idx} (one index range per group, so a million failed jobs are counted without reading a
 * table page), and its actions handed to the {@link JobAdmin}, which applies the rules of every bulk action.
 */
public class DefaultFailureGroups implements FailureGroups {

	private final JdbcClient jdbc;

	private final JobAdmin admin;

	public DefaultFailureGroups(JdbcClient jdbc, JobAdmin admin) {
		this.jdbc = jdbc;
		this.admin = admin;
	}

	@Override
	public List<FailureGroup> list(Instant since, String type, int limit) {
		var spec = jdbc.sql(listStatement(since != null, type != null))
			.param("limit", Math.max(1, Math.min(limit, MAX_LIMIT)));
		if (since != null) {
			spec = spec.param("since", OffsetDateTime.ofInstant(since, ZoneOffset.UTC));
		}
		if (type != null) {
			spec = spec.param("type", type);
		}
		return spec.query(DefaultFailureGroups::group).list();
	}

	/**
	 * The list's statement, with {@code :since} and {@code :type} when given and {@code :limit}: public for the
	 * benchmark that explains it. The window and the type are written into the statement only when given, so that
	 * each shape has a plan that uses the index range (a "(:since is null or …)" would make the planner read every
	 * member).
	 */
	public static String listStatement(boolean since, boolean type) {
		String window = since ? " and j.updated_at >= :since" : "";
		String ofType = type ? " and g.type = :type" : "";
		return """
				select g.fingerprint, g.type, g.exception_class, g.message, g.frame, m.failed, m.retrying,
				       m.first_seen, m.last_seen,
				       (select s.id from {jobs}.job s
				         where s.failure_group = g.fingerprint and s.%1$s
				         order by s.updated_at desc limit 1) as sample_id
				  from {jobs}.failure_group g
				  cross join lateral (
				      select count(*) filter (where j.status = %2$s) as failed,
				             count(*) filter (where j.status = %3$s) as retrying,
				             min(j.updated_at) as first_seen, max(j.updated_at) as last_seen
				        from {jobs}.job j
				       where j.failure_group = g.fingerprint and j.%1$s%4$s
				  ) m
				 where m.failed + m.retrying > 0%5$s
				 order by m.failed + m.retrying desc, m.last_seen desc, g.fingerprint
				 limit :limit
				""".formatted(in(FAILURE_GROUPED), literal(FAILED), literal(RETRY_WAIT), window, ofType);
	}

	@Override
	public Optional<FailureGroupDetail> detail(String fingerprint) {
		return jdbc.sql("""
				select g.fingerprint, g.type, g.exception_class, g.message, g.frame, m.failed, m.retrying,
				       m.first_seen, m.last_seen, s.id as sample_id, s.last_error,
				       (select a.stack_trace from {jobs}.job_attempt a
				         where a.job_id = s.id and a.stack_trace is not null
				         order by a.attempt desc limit 1) as stack_trace
				  from {jobs}.failure_group g
				  cross join lateral (
				      select count(*) filter (where j.status = %2$s) as failed,
				             count(*) filter (where j.status = %3$s) as retrying,
				             min(j.updated_at) as first_seen, max(j.updated_at) as last_seen
				        from {jobs}.job j
				       where j.failure_group = g.fingerprint and j.%1$s
				  ) m
				  cross join lateral (
				      select j.id, j.last_error from {jobs}.job j
				       where j.failure_group = g.fingerprint and j.%1$s
				       order by j.updated_at desc limit 1
				  ) s
				 where g.fingerprint = :fingerprint
				""".formatted(in(FAILURE_GROUPED), literal(FAILED), literal(RETRY_WAIT)))
			.param("fingerprint", fingerprint)
			.query((rs, n) -> new FailureGroupDetail(group(rs, n), rs.getString("last_error"),
					rs.getString("stack_trace")))
			.optional();
	}

	@Override
	public BulkResult retry(Actor actor, String fingerprint) {
		return admin.retry(actor, members(actor, fingerprint, FAILED));
	}

	@Override
	public BulkResult cancel(Actor actor, String fingerprint) {
		return admin.cancel(actor, members(actor, fingerprint, RETRY_WAIT));
	}

	/**
	 * The group's members in one status, oldest failure first, at most {@link JobAdmin#MAX_MATCHING}. The actor is
	 * asked about first, so that a reader learns nothing from a refusal but that it is one.
	 */
	private List<UUID> members(Actor actor, String fingerprint, JobStatus status) {
		if (admin.access(actor) != JobAdmin.Access.ACT) {
			throw new JobAdmin.NotAllowedException("Only administrators retry or cancel a failure group; "
					+ ((actor != null) ? actor.name() : "an anonymous caller") + " may not.");
		}
		List<UUID> ids = jdbc.sql("""
				select id from {jobs}.job
				 where failure_group = :fingerprint and %s
				 order by updated_at
				 limit :limit
				""".formatted(in(Set.of(status))))
			.param("fingerprint", fingerprint)
			.param("limit", JobAdmin.MAX_MATCHING)
			.query(UUID.class)
			.list();
		if (ids.isEmpty() && detail(fingerprint).isEmpty()) {
			throw new FailureGroupNotFoundException(fingerprint);
		}
		return ids;
	}

	private static FailureGroup group(ResultSet rs, int row) throws SQLException {
		long failed = rs.getLong("failed");
		long retrying = rs.getLong("retrying");
		return new FailureGroup(rs.getString("fingerprint"), rs.getString("exception_class"), rs.getString("message"),
				rs.getString("frame"), List.of(rs.getString("type")), failed + retrying, failed, retrying,
				instant(rs.getTimestamp("first_seen")), instant(rs.getTimestamp("last_seen")),
				rs.getObject("sample_id", UUID.class));
	}

	private static Instant instant(Timestamp timestamp) {
		return (timestamp != null) ? timestamp.toInstant() : null;
	}

}
