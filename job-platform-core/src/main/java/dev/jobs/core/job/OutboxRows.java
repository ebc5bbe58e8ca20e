package dev.jobs.core.job;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import dev.jobs.core.job.JobStateMachine.Transition;

import org.springframework.jdbc.core.simple.JdbcClient;

import static dev.jobs.core.JobStatus.PENDING;
import static dev.jobs.core.JobStatus.QUEUED;
import static dev.jobs.core.JobStatus.RETRY_WAIT;
import static dev.jobs.core.job.JobStateMachine.UNDISPATCHED;
import static dev.jobs.core.job.JobStateMachine.WAITING;
import static dev.jobs.core.job.JobStateMachine.in;
import static dev.jobs.core.job.JobStateMachine.literal;
import static dev.jobs.core.job.SqlValues.intArray;
import static dev.jobs.core.job.SqlValues.truncate;
import static dev.jobs.core.job.SqlValues.uuidArray;

/**
 * The outbox on the job table: the broker's confirms of published messages, and the relay's scans of jobs whose
 * message was never confirmed (or was lost after it), its backoff of refused rows and its end of undeliverable
 * jobs. On the engine's connections ({@link EngineJobStore}).
 */
public class OutboxRows {

	private final JdbcClient jdbc;

	OutboxRows(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Records that the broker confirmed these messages: a {@code PENDING} job becomes {@code QUEUED}
	 * ({@link Transition#CONFIRM}); a {@code RETRY_WAIT} job stays, but is no longer the relay's
	 * business. Matching on the attempt keeps a late confirm of an old message from covering a newer
	 * wait. A {@code PENDING} job is marked only once due: only due jobs are published to work, so
	 * a confirm for a job not yet due belongs to a message its claim already refused as early.
	 */
	public int markDispatched(Collection<JobMessage> messages) {
		if (messages.isEmpty()) {
			return 0;
		}
		// Rows are locked in id order, as every statement that locks several job rows does: two
		// such statements (a batch claim, a batch completion, a heartbeat) never deadlock.
		return jdbc.sql("""
				with target as (
				    select j.id from {jobs}.job j
				      join unnest(cast(:ids as uuid[]), cast(:attempts as int[])) as c(id, attempt)
				        on j.id = c.id and j.attempt = c.attempt
				     where j.dispatched_at is null and (j.%3$s or (j.status = %1$s and j.run_at <= now()))
				     order by j.id
				       for update of j
				)
				update {jobs}.job j
				   set status = case when j.status = %1$s then %2$s else j.status end,
				       dispatched_at = now(), updated_at = now(), relay_failures = 0, relay_after = null
				  from target t
				 where j.id = t.id
				""".formatted(literal(PENDING), literal(Transition.CONFIRM.to()), in(Set.of(RETRY_WAIT))))
			.param("ids", uuidArray(messages.stream().map(JobMessage::jobId).toList()))
			.param("attempts", intArray(messages.stream().map(JobMessage::attempt).toList()))
			.update();
	}

	/**
	 * Locks jobs the relay must publish. Must run in a transaction; rows locked by another relay are
	 * skipped.
	 * <ul>
	 * <li>The outbox: waiting for a message none of which was confirmed, due, untouched for
	 * {@code minAge} (so a publish in flight is not doubled), and not backed off after a refused
	 * publish.</li>
	 * <li>The backstop, when {@code overdueAfter} is given: confirmed, but still waiting for a worker
	 * {@code overdueAfter} after it became due and was confirmed. Its message is gone (purged queue,
	 * dead-lettered delivery, taken by another deployment sharing the broker); a second copy is
	 * harmless because claims are fenced.</li>
	 * </ul>
	 * A backstop round keeps a quarter of the batch for overdue rows: an outbox backlog that fills
	 * every batch must not starve the republishing of lost messages.
	 */
	public List<Relayable> lockRelayable(Duration minAge, Duration overdueAfter, int limit) {
		List<Relayable> due = jdbc.sql("""
				select id, type, attempt, priority, trace_context from {jobs}.job
				 where %s and dispatched_at is null
				   and run_at <= now() and updated_at <= now() - :minAgeMillis * interval '1 millisecond'
				   and (relay_after is null or relay_after <= now())
				 order by run_at
				 limit :limit
				 for update skip locked
				""".formatted(in(UNDISPATCHED)))
			.param("minAgeMillis", minAge.toMillis())
			.param("limit", (overdueAfter == null) ? limit : limit - backstopShare(limit))
			.query((rs, n) -> new Relayable(message(rs), false))
			.list();
		if (overdueAfter == null) {
			return due;
		}
		List<Relayable> result = new ArrayList<>(due);
		jdbc.sql("""
				select id, type, attempt, priority, trace_context from {jobs}.job
				 where %s and (dispatched_at is not null or status = %s)
				   and greatest(coalesce(dispatched_at, updated_at), run_at) <= now() - :overdueMillis * interval '1 millisecond'
				   and (relay_after is null or relay_after <= now())
				   -- A paused type's jobs wait in their queue on purpose, as do those of a type whose claims waited
				   -- for a limit across the cluster lately (LimitedClaims): their messages are not lost.
				   and not exists (select 1 from {jobs}.job_type_control c where c.type = job.type
				                     and (c.paused or c.limited_at > now() - :overdueMillis * interval '1 millisecond'))
				 order by run_at
				 limit :limit
				 for update skip locked
				""".formatted(in(WAITING), literal(QUEUED)))
			.param("overdueMillis", overdueAfter.toMillis())
			.param("limit", limit - due.size())
			.query((rs, n) -> new Relayable(message(rs), true))
			.list()
			.forEach(result::add);
		return result;
	}

	/** The rows of a relay batch kept for the backstop in its round (at least one). */
	static int backstopShare(int limit) {
		return Math.max(1, limit / 4);
	}

	/** The backstop republished these confirmed jobs: their wait for a worker starts anew. */
	public int markRepublished(Collection<JobMessage> messages) {
		if (messages.isEmpty()) {
			return 0;
		}
		return jdbc.sql("update {jobs}.job set dispatched_at = now() where id = any(cast(:ids as uuid[])) and " + in(WAITING))
			.param("ids", uuidArray(messages.stream().map(JobMessage::jobId).toList()))
			.update();
	}

	/**
	 * The broker refused or returned these jobs' messages: back them off exponentially (1 s, 2 s, 4 s
	 * … at most {@code max}) so the rows behind them keep flowing.
	 */
	public int backOffRelay(Collection<JobMessage> messages, Duration max) {
		if (messages.isEmpty()) {
			return 0;
		}
		return jdbc.sql("""
				update {jobs}.job set relay_failures = relay_failures + 1,
				       relay_after = now() + least(power(2, least(relay_failures, 20)) * 1000, :maxMillis)
				                             * interval '1 millisecond'
				 where id = any(cast(:ids as uuid[])) and %s
				""".formatted(in(WAITING)))
			.param("ids", uuidArray(messages.stream().map(JobMessage::jobId).toList()))
			.param("maxMillis", max.toMillis())
			.update();
	}

	/**
	 * Ends a waiting job that can never be delivered ({@link Transition#FAIL_UNDELIVERABLE}): no
	 * running instance registers its type and the broker has no queue for it.
	 */
	public boolean failUndeliverable(UUID id, String type, int attempt, String error) {
		FailureFingerprint.Cause cause = FailureFingerprint.of(type, error, null);
		return jdbc.sql("""
				with ended as (
				    update {jobs}.job set status = :to, last_error = :error, finished_at = now(), updated_at = now(),
				           relay_after = null, failure_group = :fingerprint
				     where id = :id and attempt = :attempt and %s
				    returning id
				), grouped as (
				    insert into {jobs}.failure_group (fingerprint, type, exception_class, message, frame)
				    select :fingerprint, :type, left(:exceptionClass, 300), :message, :frame from ended
				    on conflict (fingerprint) do nothing
				)
				select count(*) from ended
				""".formatted(Transition.FAIL_UNDELIVERABLE.guard()))
			.param("fingerprint", cause.fingerprint())
			.param("type", type)
			.param("exceptionClass", cause.exceptionClass())
			.param("message", cause.message())
			.param("frame", cause.frame())
			.param("to", Transition.FAIL_UNDELIVERABLE.to().name())
			.param("error", truncate(error, 4000))
			.param("id", id)
			.param("attempt", attempt)
			.query(Integer.class)
			.single() == 1;
	}

	private static JobMessage message(java.sql.ResultSet rs) throws java.sql.SQLException {
		return new JobMessage(rs.getObject("id", UUID.class), rs.getString("type"), rs.getInt("attempt"),
				rs.getInt("priority"), rs.getString("trace_context"));
	}

	/** A job the relay publishes; {@code overdue} when the backstop republishes a confirmed one. */
	public record Relayable(JobMessage message, boolean overdue) {
	}

}
