package dev.jobs.core.job;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import dev.jobs.core.IllegalJobTransitionException;
import dev.jobs.core.JobNotFoundException;
import dev.jobs.core.JobStatus;
import dev.jobs.core.job.JobStateMachine.Transition;

import org.springframework.jdbc.core.simple.JdbcClient;

import static dev.jobs.core.JobStatus.CANCELLED;
import static dev.jobs.core.JobStatus.PENDING;
import static dev.jobs.core.JobStatus.QUEUED;
import static dev.jobs.core.JobStatus.RETRY_WAIT;
import static dev.jobs.core.JobStatus.RUNNING;
import static dev.jobs.core.job.JobStateMachine.FINISHED;
import static dev.jobs.core.job.JobStateMachine.UNDISPATCHED;
import static dev.jobs.core.job.JobStateMachine.WAITING;
import static dev.jobs.core.job.JobStateMachine.in;
import static dev.jobs.core.job.JobStateMachine.literal;

/**
 * The SQL on the job tables ({@code job}, {@code job_attempt}), and nothing else; a submission's statements are
 * in {@link JobSubmissions}, reached through {@link #submissions()} on the same connections.
 *
 * <p>Every status change is one conditional {@code UPDATE} guarded by a {@link Transition} of
 * {@link JobStateMachine}: it either applies entirely or matches no row, so two workers, a worker
 * and the lease reaper, or a person and a worker can race without ever half-applying a change.
 * Moves out of {@code RUNNING} are fenced by the attempt number as well: a worker that lost its
 * lease cannot complete an attempt that was given to someone else. Ending an attempt writes its
 * attempt-history row in the same statement (a data-modifying CTE), so the hot path costs one
 * commit per claim and one per completion. Time is always the database's {@code now()}.
 *
 * <p>The platform keeps two instances: one on the application's {@code DataSource} (submissions
 * join the caller's transaction; reads), one on the engine's own small pool (claims, completions,
 * heartbeats, relay), so the engine's statements never queue behind handlers that hold
 * connections for minutes.
 */
public class JobStore {

	private static final String CURRENT = "select " + JobRow.COLUMNS + " from job where id = :id";

	private final JdbcClient jdbc;

	private final JobSubmissions submissions;

	public JobStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
		this.submissions = new JobSubmissions(jdbc);
	}

	/** The statements of a submission, on this store's connections (and so in its caller's transaction). */
	JobSubmissions submissions() {
		return submissions;
	}

	// ---- the broker confirmed messages ----------------------------------------------------------

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
				    select j.id from job j
				      join unnest(cast(:ids as uuid[]), cast(:attempts as int[])) as c(id, attempt)
				        on j.id = c.id and j.attempt = c.attempt
				     where j.dispatched_at is null and (j.%3$s or (j.status = %1$s and j.run_at <= now()))
				     order by j.id
				       for update of j
				)
				update job j
				   set status = case when j.status = %1$s then %2$s else j.status end,
				       dispatched_at = now(), updated_at = now(), relay_failures = 0, relay_after = null
				  from target t
				 where j.id = t.id
				""".formatted(literal(PENDING), literal(Transition.CONFIRM.to()), in(Set.of(RETRY_WAIT))))
			.param("ids", uuidArray(messages.stream().map(JobMessage::jobId).toList()))
			.param("attempts", intArray(messages.stream().map(JobMessage::attempt).toList()))
			.update();
	}

	// ---- the outbox relay -----------------------------------------------------------------------

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
				select id, type, attempt, priority from job
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
				select id, type, attempt, priority from job
				 where %s and (dispatched_at is not null or status = %s)
				   and greatest(coalesce(dispatched_at, updated_at), run_at) <= now() - :overdueMillis * interval '1 millisecond'
				   and (relay_after is null or relay_after <= now())
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
		return jdbc.sql("update job set dispatched_at = now() where id = any(cast(:ids as uuid[])) and " + in(WAITING))
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
				update job set relay_failures = relay_failures + 1,
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
	public boolean failUndeliverable(UUID id, int attempt, String error) {
		return jdbc.sql("""
				update job set status = :to, last_error = :error, finished_at = now(), updated_at = now(),
				       relay_after = null
				 where id = :id and attempt = :attempt and %s
				""".formatted(Transition.FAIL_UNDELIVERABLE.guard()))
			.param("to", Transition.FAIL_UNDELIVERABLE.to().name())
			.param("error", truncate(error, 4000))
			.param("id", id)
			.param("attempt", attempt)
			.update() == 1;
	}

	// ---- workers --------------------------------------------------------------------------------

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
				      from job j join m on m.id = j.id
				     order by j.id
				       for update of j
				), claimed as (
				    update job j
				       set status = %1$s, attempt = j.attempt + 1, worker_id = :worker, claim_id = :claim,
				           lease_until = now() + :leaseMillis * interval '1 millisecond',
				           started_at = now(), updated_at = now(), relay_failures = 0, relay_after = null,
				           held_in_batch = (j.id <> :startsNow)
				      from target t
				     where j.id = t.id and t.attempt = t.msg_attempt and t.due and t.%2$s
				    returning j.id, j.type, j.payload::text as payload, j.attempt, j.max_attempts, j.attempt_base,
				              j.priority, j.created_by, (extract(epoch from now() - j.run_at) * 1000)::bigint as queue_millis,
				              not j.held_in_batch as handler_started
				), requeued as (
				    update job j
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
				       not t.held_in_batch, t.status
				  from target t join job j on j.id = t.id
				 where not exists (select 1 from claimed c where c.id = t.id)
				""".formatted(literal(RUNNING), Transition.CLAIM.guard(), literal(QUEUED),
				literal(Transition.REQUEUE.to())))
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
				rs.getBoolean("handler_started"));
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
		return renewFenced(claims, workerId, lease, true);
	}

	/**
	 * Renews the leases of attempts that are still this worker's, locked in id order; with
	 * {@code markStarted} also clears their held mark and commits without waiting for the WAL flush.
	 * The heartbeat and the start marks are the same fenced statement but for that.
	 * @return for each attempt renewed, whether its cancellation was requested
	 */
	private Map<UUID, Boolean> renewFenced(Collection<RunningAttempt> attempts, String workerId, Duration lease,
			boolean markStarted) {
		if (attempts.isEmpty()) {
			return Map.of();
		}
		Map<UUID, Boolean> renewed = new HashMap<>();
		jdbc.sql("""
				with async_commit as (
				    select case when :markStarted then set_config('synchronous_commit', 'off', true) end
				), target as (
				    select j.id from job j
				      join unnest(cast(:ids as uuid[]), cast(:attempts as int[])) as r(id, attempt)
				        on j.id = r.id and j.attempt = r.attempt
				     where j.status = %s and j.worker_id = :worker
				     order by j.id
				       for update of j
				)
				update job j set held_in_batch = j.held_in_batch and not :markStarted,
				       lease_until = now() + :leaseMillis * interval '1 millisecond'
				  from target t, async_commit
				 where j.id = t.id
				returning j.id, j.cancel_requested
				""".formatted(literal(RUNNING)))
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
	 * Records the success of many attempts in one statement, each fenced by its attempt
	 * ({@link Transition#SUCCEED}), with their attempt-history rows.
	 * @return the jobs whose attempt was still the caller's (the others are left as they are)
	 */
	public Set<UUID> succeedAll(List<Success> successes) {
		if (successes.isEmpty()) {
			return Set.of();
		}
		Transition transition = Transition.SUCCEED;
		// The results travel as one JSON array (each already JSON), indexed like the ids.
		String results = successes.stream()
			.map(r -> (r.resultJson() != null) ? r.resultJson() : "null")
			.collect(Collectors.joining(",", "[", "]"));
		return new HashSet<>(jdbc.sql("""
				with s as (
				    select * from unnest(cast(:ids as uuid[]), cast(:attempts as int[])) with ordinality as s(id, attempt, n)
				), target as (
				    select j.id, s.n from job j join s on j.id = s.id and j.attempt = s.attempt
				     where j.%2$s
				     order by j.id
				       for update of j
				), ended as (
				    update job j
				       set status = %1$s, updated_at = now(), lease_until = null, finished_at = now(),
				           result = nullif(cast(:results as jsonb) -> (t.n - 1)::int, 'null'::jsonb), last_error = null
				      from target t
				     where j.id = t.id
				    returning j.id, j.attempt, j.worker_id, j.started_at
				), history as (
				    insert into job_attempt (job_id, attempt, worker_id, started_at, finished_at, outcome)
				    select id, attempt, worker_id, started_at, now(), :outcome from ended
				    on conflict (job_id, attempt) do update
				       set finished_at = excluded.finished_at, outcome = excluded.outcome,
				           error = null, stack_trace = null
				)
				select id from ended
				""".formatted(literal(transition.to()), transition.guard()))
			.param("ids", uuidArray(successes.stream().map(Success::id).toList()))
			.param("attempts", intArray(successes.stream().map(Success::attempt).toList()))
			.param("results", results)
			.param("outcome", AttemptOutcome.SUCCEEDED.name())
			.query(UUID.class)
			.list());
	}

	/**
	 * Ends an attempt as {@code end} says, fenced by the attempt: writes the job's new status and
	 * the attempt-history row in one statement.
	 * @return whether the attempt was still this caller's (the row matched)
	 */
	public boolean endAttempt(UUID id, int attempt, AttemptEnd end) {
		Transition transition = end.transition();
		String set = switch (transition) {
			case SUCCEED -> "result = cast(:result as jsonb), last_error = null";
			case SCHEDULE_RETRY -> "run_at = now() + :delayMillis * interval '1 millisecond', dispatched_at = null, "
					+ "last_error = :error";
			case FAIL -> "last_error = :error";
			case STOP_CANCELLED -> "last_error = coalesce(:error, last_error)";
			case HAND_BACK -> "max_attempts = max_attempts + 1, attempt_base = attempt_base + 1, run_at = now(), "
					+ "dispatched_at = null, last_error = :error";
			default -> throw new IllegalArgumentException(transition + " does not end an attempt");
		};
		// A job whose cancellation was requested never goes back to waiting: it ends CANCELLED.
		String extraGuard = (transition == Transition.SCHEDULE_RETRY || transition == Transition.HAND_BACK)
				? " and not cancel_requested" : "";
		String finished = transition.to().isTerminal() ? "now()" : "null";
		var spec = jdbc.sql("""
				with ended as (
				    update job
				       set status = :to, updated_at = now(), lease_until = null, finished_at = %s, %s
				     where id = :id and attempt = :attempt and %s%s
				    returning id, attempt, worker_id, started_at
				)
				insert into job_attempt (job_id, attempt, worker_id, started_at, finished_at, outcome, error, stack_trace)
				select id, attempt, worker_id, started_at, now(), :outcome, :error, :stack from ended
				on conflict (job_id, attempt) do update
				   set finished_at = excluded.finished_at, outcome = excluded.outcome,
				       error = excluded.error, stack_trace = excluded.stack_trace
				""".formatted(finished, set, transition.guard(), extraGuard))
			.param("to", transition.to().name())
			.param("id", id)
			.param("attempt", attempt)
			.param("outcome", end.outcome().name())
			.param("error", truncate(end.error(), 4000))
			.param("stack", truncate(end.stackTrace(), 16000));
		if (transition == Transition.SUCCEED) {
			spec = spec.param("result", end.resultJson());
		}
		if (transition == Transition.SCHEDULE_RETRY) {
			spec = spec.param("delayMillis", end.delay().toMillis());
		}
		return spec.update() == 1;
	}

	/** Stores progress of a running attempt; ignored once the attempt is no longer the job's. */
	public void reportProgress(UUID id, int attempt, long done, Long total, String message) {
		jdbc.sql("""
				update job set progress_done = :done, progress_total = :total, progress_message = :message
				 where id = :id and attempt = :attempt and status = %s
				""".formatted(literal(RUNNING)))
			.param("done", done)
			.param("total", total)
			.param("message", truncate(message, 500))
			.param("id", id)
			.param("attempt", attempt)
			.update();
	}

	/**
	 * Renews the leases of a worker's running attempts in one statement.
	 * @return which attempts were renewed (the others are no longer this worker's) and which of those
	 * were asked to cancel
	 */
	public LeaseRenewal renewLeases(String workerId, Collection<RunningAttempt> running, Duration lease) {
		Map<UUID, Boolean> renewed = renewFenced(running, workerId, lease, false);
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
				       not held_in_batch as handler_started from job
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

	// ---- people ---------------------------------------------------------------------------------

	/**
	 * Cancels a job: a waiting job at once ({@link Transition#CANCEL}); a running one is flagged and
	 * stops cooperatively. Cancelling a cancelled job changes nothing.
	 * @throws IllegalJobTransitionException if the job succeeded or failed
	 */
	Cancellation cancel(UUID id) {
		Optional<JobRow> changed = jdbc.sql("""
				update job
				   set status = case when status = %1$s then %1$s else %2$s end,
				       finished_at = case when status = %1$s then null else now() end,
				       cancel_requested = true, updated_at = now()
				 where id = :id and (%3$s or status = %1$s)
				returning %4$s
				""".formatted(literal(RUNNING), literal(Transition.CANCEL.to()), Transition.CANCEL.guard(),
				JobRow.COLUMNS))
			.param("id", id)
			.query(JobRow::map)
			.optional();
		if (changed.isPresent()) {
			return new Cancellation(changed.get(), changed.get().status() == CANCELLED);
		}
		JobRow current = find(id).orElseThrow(() -> new JobNotFoundException(id));
		if (current.status() == CANCELLED) {
			return new Cancellation(current, false);
		}
		throw new IllegalJobTransitionException(id, "cancel", current.status());
	}

	/**
	 * Starts a new attempt of a failed or cancelled job ({@link Transition#RETRY}) with a fresh
	 * budget of {@code attempts}; its backoff starts from the first step again. The caller
	 * publishes its message after commit.
	 */
	JobRow retry(UUID id, int attempts) {
		return jdbc.sql("""
				update job
				   set status = :to, max_attempts = attempt + :attempts, attempt_base = attempt, run_at = now(),
				       dispatched_at = null, cancel_requested = false, finished_at = null, worker_id = null,
				       lease_until = null, relay_failures = 0, relay_after = null, updated_at = now()
				 where id = :id and %s
				returning %s
				""".formatted(Transition.RETRY.guard(), JobRow.COLUMNS))
			.param("to", Transition.RETRY.to().name())
			.param("attempts", attempts)
			.param("id", id)
			.query(JobRow::map)
			.optional()
			.orElseThrow(() -> new IllegalJobTransitionException(id, "retry",
					find(id).orElseThrow(() -> new JobNotFoundException(id)).status()));
	}

	// ---- reads ----------------------------------------------------------------------------------

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
		long total = jdbc.sql("select count(*) from job" + clause).params(params).query(Long.class).single();
		params.put("limit", size);
		params.put("offset", (long) page * size);
		List<JobRow> rows = jdbc
			.sql("select " + JobRow.COLUMNS + " from job" + clause
					+ " order by created_at desc, id desc limit :limit offset :offset")
			.params(params)
			.query(JobRow::map)
			.list();
		return new RowPage(rows, total);
	}

	List<dev.jobs.core.JobAttemptView> attempts(UUID jobId) {
		return jdbc.sql("""
				select attempt, worker_id, started_at, finished_at, outcome, error, stack_trace
				  from job_attempt where job_id = :id order by attempt
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
				  from job where %s and run_at <= now()
				 group by type
				""".formatted(in(WAITING)))
			.query(rs -> {
				result.put(rs.getString("type"), new WaitingJobs(rs.getLong("waiting"), rs.getDouble("lag")));
			});
		return result;
	}

	/** The outbox: due jobs whose message the broker has not confirmed, and those it refused. */
	public OutboxState outbox() {
		return jdbc.sql("""
				select count(*) as backlog, coalesce(extract(epoch from now() - min(run_at)), 0) as oldest,
				       count(*) filter (where relay_failures > 0) as refused
				  from job where %s and dispatched_at is null and run_at <= now()
				""".formatted(in(UNDISPATCHED)))
			.query((rs, n) -> new OutboxState(rs.getLong("backlog"), rs.getDouble("oldest"), rs.getLong("refused")))
			.single();
	}

	// ---- retention ------------------------------------------------------------------------------

	/** Locks finished jobs that finished before the retention. Must run in a transaction. */
	public List<UUID> lockFinishedBefore(Duration retention, int limit) {
		return jdbc.sql("""
				select id from job
				 where %s and finished_at < now() - :retentionMillis * interval '1 millisecond'
				 order by finished_at
				 limit :limit
				 for update skip locked
				""".formatted(in(FINISHED)))
			.param("retentionMillis", retention.toMillis())
			.param("limit", limit)
			.query(UUID.class)
			.list();
	}

	/**
	 * Locks those of these jobs that have ended (only they may be deleted by hand; a waiting or
	 * running job must be cancelled first). Must run in a transaction.
	 */
	public List<UUID> lockFinished(Collection<UUID> ids) {
		if (ids.isEmpty()) {
			return List.of();
		}
		return jdbc.sql("select id from job where id = any(cast(:ids as uuid[])) and %s order by id for update"
			.formatted(in(FINISHED)))
			.param("ids", uuidArray(ids))
			.query(UUID.class)
			.list();
	}

	/** Deletes jobs with their attempt history. */
	public int delete(Collection<UUID> ids) {
		if (ids.isEmpty()) {
			return 0;
		}
		return jdbc.sql("delete from job where id = any(cast(:ids as uuid[]))").param("ids", uuidArray(ids)).update();
	}

	// ---- helpers --------------------------------------------------------------------------------

	private static JobMessage message(java.sql.ResultSet rs) throws java.sql.SQLException {
		return new JobMessage(rs.getObject("id", UUID.class), rs.getString("type"), rs.getInt("attempt"),
				rs.getInt("priority"));
	}

	private static OffsetDateTime timestamp(Instant instant) {
		return (instant != null) ? OffsetDateTime.ofInstant(instant, ZoneOffset.UTC) : null;
	}

	static String truncate(String value, int max) {
		return (value == null || value.length() <= max) ? value : value.substring(0, max);
	}

	private static String uuidArray(Collection<UUID> ids) {
		return ids.stream().map(UUID::toString).collect(Collectors.joining(",", "{", "}"));
	}

	private static String intArray(List<Integer> values) {
		return values.stream().map(String::valueOf).collect(Collectors.joining(",", "{", "}"));
	}

	// ---- what goes in and out -------------------------------------------------------------------

	/** The job after a cancel, and whether this call ended it (a waiting job; not a running one, not twice). */
	record Cancellation(JobRow row, boolean endedNow) {
	}

	/** A page of rows and the number of rows matching the filter. */
	record RowPage(List<JobRow> rows, long total) {
	}

	/**
	 * A job won by a claim: everything the worker needs to run the handler.
	 * @param handlerStarted whether the claim was marked started with it (the only or first claim of a
	 * delivery batch); a claim held behind others is marked when its handler starts
	 */
	public record ClaimedJob(UUID id, String type, String payload, int attempt, int maxAttempts, int attemptBase,
			int priority, String createdBy, Duration queueTime, boolean handlerStarted) {

		public JobMessage message() {
			return new JobMessage(id, type, attempt, priority);
		}

	}

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

	/** A job the relay publishes; {@code overdue} when the backstop republishes a confirmed one. */
	public record Relayable(JobMessage message, boolean overdue) {
	}

	/** A successful attempt to record: its job, its attempt and its result as JSON (or null). */
	public record Success(UUID id, int attempt, String resultJson) {
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

	/** Due jobs of one type waiting for a worker. */
	public record WaitingJobs(long count, double oldestAgeSeconds) {
	}

	/** The outbox's size, the age of its oldest row, and how many rows the broker refused or returned. */
	public record OutboxState(long backlog, double oldestAgeSeconds, long refused) {
	}

}
