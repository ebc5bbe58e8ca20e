package dev.jobs.core.job;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import dev.jobs.core.JobStatus;
import dev.jobs.core.job.JobStateMachine.Transition;

import org.springframework.jdbc.core.simple.JdbcClient;

import static dev.jobs.core.JobStatus.QUEUED;
import static dev.jobs.core.JobStatus.RUNNING;
import static dev.jobs.core.job.JobStateMachine.literal;
import static dev.jobs.core.job.SqlValues.intArray;
import static dev.jobs.core.job.SqlValues.uuidArray;

/**
 * A worker's hold on a job: the claim of the jobs its messages name (the fenced claim, written once), the start
 * marks of claims held in a batch, the heartbeat that renews their leases, and the lease reaper's scan of leases
 * that ran out. Every move is one conditional {@code UPDATE} guarded by a {@link Transition} of
 * {@link JobStateMachine}; time is the database's {@code now()}. On the engine's connections
 * ({@link EngineJobStore}).
 */
public class JobClaims {

	private final JdbcClient jdbc;

	JobClaims(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Claims the job named by a message ({@link Transition#CLAIM}), in one statement and at one
	 * database time. Wins if the job is waiting, due, and still at the attempt the message was
	 * published for; or if this very delivery ({@code claimId}) already won it (a claim retried
	 * after the connection dropped once the server had committed). A message that came before the
	 * job's time is refused and the job handed back to the relay ({@link Transition#REQUEUE}), which
	 * publishes it when it is due.
	 */
	public ClaimResult claim(JobMessage message, String workerId, UUID claimId, Duration lease) {
		// The batch claim's statement with one message, which it starts at once: one fenced claim, written once.
		return claimAll(List.of(message), workerId, claimId, lease).get(0);
	}

	/**
	 * Claims the jobs named by a batch of messages ({@link Transition#CLAIM}) in one statement, with
	 * the rules of {@link #claim} for each: a job is won if waiting, due and still at its message's
	 * attempt, or if this very batch ({@code claimId}) already won it; a message that came early
	 * hands its job back to the relay. The messages must name distinct jobs. Rows are locked in id
	 * order, so two batches never deadlock.
	 *
	 * <p>Only the first message's handler starts at once, so only its claim is marked started; the
	 * others wait in the batch and are marked by {@link #markHandlersStarted} when their turn comes. A
	 * claim whose worker dies before that is handed back by the reaper without counting the attempt.
	 * @return one answer per message, in the messages' order
	 */
	public List<ClaimResult> claimAll(List<JobMessage> messages, String workerId, UUID claimId, Duration lease) {
		return claimAll(messages, workerId, claimId, lease, "now()");
	}

	/**
	 * {@link #claim} with the start recorded at the moment of the statement ({@code clock_timestamp()}) rather than
	 * the transaction's: a limited claim ({@link LimitedClaims}) decides under a lock it may have waited for, and its
	 * recorded start must come after what it saw under that lock.
	 */
	List<ClaimResult> claimAllAtClockTime(List<JobMessage> messages, String workerId, UUID claimId, Duration lease) {
		return claimAll(messages, workerId, claimId, lease, "clock_timestamp()");
	}

	private List<ClaimResult> claimAll(List<JobMessage> messages, String workerId, UUID claimId, Duration lease,
			String startTime) {
		if (messages.isEmpty()) {
			return List.of();
		}
		Map<UUID, ClaimResult> byId = new HashMap<>();
		jdbc.sql("""
				with m as (
				    select * from unnest(cast(:ids as uuid[]), cast(:attempts as int[])) as m(id, msg_attempt)
				), target as (
				    select j.id, j.status, j.attempt, j.claim_id, j.run_at, j.started_at, j.held_in_batch,
				           j.run_at <= now() as due, m.msg_attempt
				      from {jobs}.job j join m on m.id = j.id
				     order by j.id
				       for update of j
				), claimed as (
				    update {jobs}.job j
				       set status = %1$s, attempt = j.attempt + 1, worker_id = :worker, claim_id = :claim,
				           lease_until = now() + :leaseMillis * interval '1 millisecond',
				           started_at = %5$s, updated_at = now(), relay_failures = 0, relay_after = null,
				           held_in_batch = (j.id <> :startsNow)
				      from target t
				     where j.id = t.id and t.attempt = t.msg_attempt and t.due and t.%2$s
				    returning j.id, j.type, j.payload::text as payload, j.attempt, j.max_attempts, j.attempt_base,
				              j.priority, j.created_by, (extract(epoch from now() - j.run_at) * 1000)::bigint as queue_millis,
				              not j.held_in_batch as handler_started, j.trace_context, j.batch_id, j.batch_shard, j.has_dependents
				), requeued as (
				    update {jobs}.job j
				       set status = case when j.status = %3$s then %4$s else j.status end,
				           dispatched_at = null, updated_at = now()
				      from target t
				     where j.id = t.id and t.attempt = t.msg_attempt and not t.due and t.%2$s
				)
				select 'WON' as verdict, c.*, null as status from claimed c
				union all
				select case when t.status = %1$s and t.attempt = t.msg_attempt + 1 and t.claim_id = :claim then 'WON'
				            when t.attempt = t.msg_attempt and not t.due and t.%2$s then 'EARLY'
				            else 'LOST' end,
				       j.id, j.type, j.payload::text, t.attempt, j.max_attempts, j.attempt_base, j.priority,
				       j.created_by, (extract(epoch from t.started_at - t.run_at) * 1000)::bigint,
				       not t.held_in_batch, j.trace_context, j.batch_id, j.batch_shard, j.has_dependents, t.status
				  from target t join {jobs}.job j on j.id = t.id
				 where not exists (select 1 from claimed c where c.id = t.id)
				""".formatted(literal(RUNNING), Transition.CLAIM.guard(), literal(QUEUED),
				literal(Transition.REQUEUE.to()), startTime))
			.param("worker", workerId)
			.param("claim", claimId)
			.param("leaseMillis", lease.toMillis())
			.param("ids", uuidArray(messages.stream().map(JobMessage::jobId).toList()))
			.param("attempts", intArray(messages.stream().map(JobMessage::attempt).toList()))
			.param("startsNow", messages.get(0).jobId())
			.query(rs -> {
				UUID id = rs.getObject("id", UUID.class);
				String verdict = rs.getString("verdict");
				byId.put(id, "WON".equals(verdict) ? ClaimResult.won(claimedJob(rs))
						: new ClaimResult(null, JobStatus.valueOf(rs.getString("status")), "EARLY".equals(verdict)));
			});
		return messages.stream()
			.map(m -> byId.getOrDefault(m.jobId(), new ClaimResult(null, null, false)))
			.toList();
	}

	private static ClaimedJob claimedJob(java.sql.ResultSet rs) throws java.sql.SQLException {
		return new ClaimedJob(rs.getObject("id", UUID.class), rs.getString("type"), rs.getString("payload"),
				rs.getInt("attempt"), rs.getInt("max_attempts"), rs.getInt("attempt_base"), rs.getInt("priority"),
				rs.getString("created_by"), Duration.ofMillis(Math.max(0, rs.getLong("queue_millis"))),
				rs.getBoolean("handler_started"), rs.getString("trace_context"), rs.getObject("batch_id", UUID.class),
				rs.getInt("batch_shard"), rs.getBoolean("has_dependents"));
	}

	/**
	 * Marks claims held in batches as started, just before their handlers run, and renews their
	 * leases (their wait may have used most of them), in one statement for all the consumers that
	 * ask at the same moment. Fenced like a heartbeat: each attempt must still be this worker's.
	 * From now on a lost lease counts the attempt, because the handler may have had effects.
	 *
	 * <p>It commits without waiting for the WAL flush ({@code synchronous_commit = off} for this
	 * transaction alone): a worker that dies right after still leaves the mark, because the
	 * database has it; only a crash of PostgreSQL itself within its WAL writer's delay can lose it,
	 * and then the run is not counted (one attempt more than configured), never a claim that did
	 * not run counted.
	 * @return for each attempt still this worker's, whether its cancellation was requested while it
	 * waited (end it cancelled, do not run it); an attempt missing from the answer is no longer this
	 * worker's (do not run it)
	 */
	public Map<UUID, Boolean> markHandlersStarted(Collection<RunningAttempt> claims, String workerId, Duration lease) {
		return renewFenced(claims, workerId, lease, true, false);
	}

	/**
	 * {@link #markHandlersStarted} for marks nobody waits for, which must never queue behind the row
	 * locks of the worker's own statements: a row locked right now (most often by the statement that
	 * records its success, which makes the mark moot) is skipped and left out of the answer, and the
	 * caller may try it again. Waiting instead chained the consumers' success statements behind one
	 * mark statement that held the rows of every consumer's batch.
	 * @return the attempts marked, as {@link #markHandlersStarted} answers
	 */
	public Map<UUID, Boolean> markHandlersStartedUnlessLocked(Collection<RunningAttempt> claims, String workerId,
			Duration lease) {
		return renewFenced(claims, workerId, lease, true, true);
	}

	/**
	 * Renews the leases of attempts that are still this worker's, locked in id order; with
	 * {@code markStarted} also clears their held mark and commits without waiting for the WAL flush.
	 * The heartbeat and the start marks are the same fenced statement but for that.
	 * @return for each attempt renewed, whether its cancellation was requested
	 */
	private Map<UUID, Boolean> renewFenced(Collection<RunningAttempt> attempts, String workerId, Duration lease,
			boolean markStarted, boolean skipLocked) {
		if (attempts.isEmpty()) {
			return Map.of();
		}
		Map<UUID, Boolean> renewed = new HashMap<>();
		jdbc.sql("""
				with async_commit as (
				    select case when :markStarted then set_config('synchronous_commit', 'off', true) end
				), target as (
				    select j.id from {jobs}.job j
				      join unnest(cast(:ids as uuid[]), cast(:attempts as int[])) as r(id, attempt)
				        on j.id = r.id and j.attempt = r.attempt
				     where j.status = %s and j.worker_id = :worker
				     order by j.id
				       for update of j%s
				)
				update {jobs}.job j set held_in_batch = j.held_in_batch and not :markStarted,
				       lease_until = now() + :leaseMillis * interval '1 millisecond'
				  from target t, async_commit
				 where j.id = t.id
				returning j.id, j.cancel_requested
				""".formatted(literal(RUNNING), skipLocked ? " skip locked" : ""))
			.param("markStarted", markStarted)
			.param("leaseMillis", lease.toMillis())
			.param("ids", uuidArray(attempts.stream().map(RunningAttempt::id).toList()))
			.param("attempts", intArray(attempts.stream().map(RunningAttempt::attempt).toList()))
			.param("worker", workerId)
			.query(rs -> {
				renewed.put(rs.getObject("id", UUID.class), rs.getBoolean("cancel_requested"));
			});
		return renewed;
	}

	/**
	 * Renews the leases of a worker's running attempts in one statement.
	 * @return which attempts were renewed (the others are no longer this worker's) and which of those
	 * were asked to cancel
	 */
	public LeaseRenewal renewLeases(String workerId, Collection<RunningAttempt> running, Duration lease) {
		Map<UUID, Boolean> renewed = renewFenced(running, workerId, lease, false, false);
		Set<UUID> cancelled = new HashSet<>();
		renewed.forEach((id, cancelRequested) -> {
			if (cancelRequested) {
				cancelled.add(id);
			}
		});
		return new LeaseRenewal(renewed.keySet(), cancelled);
	}

	/** Locks running jobs whose lease ran out. Must run in a transaction. */
	public List<ExpiredLease> lockExpiredLeases(int limit) {
		return jdbc.sql("""
				select id, type, attempt, max_attempts, attempt_base, priority, worker_id, cancel_requested,
				       not held_in_batch as handler_started from {jobs}.job
				 where status = %s and lease_until < now()
				 order by lease_until
				 limit :limit
				 for update skip locked
				""".formatted(literal(RUNNING)))
			.param("limit", limit)
			.query((rs, n) -> new ExpiredLease(rs.getObject("id", UUID.class), rs.getString("type"),
					rs.getInt("attempt"), rs.getInt("max_attempts"), rs.getInt("attempt_base"), rs.getInt("priority"),
					rs.getString("worker_id"), rs.getBoolean("cancel_requested"), rs.getBoolean("handler_started")))
			.list();
	}

	// ---- what goes in and out -------------------------------------------------------------------

	/**
	 * The answer to a claim: the job if won; otherwise its current status ({@code null} when the
	 * row does not exist) and whether the message simply came too early.
	 */
	public record ClaimResult(ClaimedJob job, JobStatus current, boolean early) {

		static ClaimResult won(ClaimedJob job) {
			return new ClaimResult(job, RUNNING, false);
		}

		public boolean won() {
			return job != null;
		}

	}

	/** A running attempt a worker holds the lease for. */
	public record RunningAttempt(UUID id, int attempt) {
	}

	/** What a heartbeat found. */
	public record LeaseRenewal(Set<UUID> renewed, Set<UUID> cancelRequested) {
	}

	/**
	 * A running job whose worker stopped renewing its lease.
	 * @param handlerStarted whether its handler had started; a claim that waited in a batch and never
	 * started has spent no attempt
	 */
	public record ExpiredLease(UUID id, String type, int attempt, int maxAttempts, int attemptBase, int priority,
			String workerId, boolean cancelRequested, boolean handlerStarted) {

		public JobMessage message() {
			return new JobMessage(id, type, attempt, priority);
		}

	}

}
