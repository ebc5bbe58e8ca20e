package dev.jobs.core.job;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import dev.jobs.core.IllegalJobTransitionException;
import dev.jobs.core.JobNotFoundException;
import dev.jobs.core.JobStatus;

import org.springframework.jdbc.core.simple.JdbcClient;

import static dev.jobs.core.JobStatus.CANCELLED;
import static dev.jobs.core.JobStatus.FAILED;
import static dev.jobs.core.JobStatus.PENDING;
import static dev.jobs.core.JobStatus.QUEUED;
import static dev.jobs.core.JobStatus.RETRY_WAIT;
import static dev.jobs.core.JobStatus.RUNNING;
import static dev.jobs.core.JobStatus.SUCCEEDED;

/**
 * The one place where a job's status changes.
 *
 * <p>Every transition is a single conditional {@code UPDATE ... WHERE status IN (...)}: it either
 * applies entirely or matches no row, so two workers, a worker and the lease reaper, or a user and a
 * worker can race without ever half-applying a change. Transitions out of {@code RUNNING} are
 * fenced by the attempt number as well: a worker that lost its lease (a long GC pause, a network
 * partition) cannot complete an attempt that was already given to someone else.
 *
 * <p>Ending an attempt writes its attempt-history row in the same statement (a data-modifying CTE),
 * so the hot path costs one commit per claim and one per completion.
 */
public class JobStateMachine {

	/** The legal moves. Everything not listed here is refused. */
	public enum Transition {

		/** The broker confirmed the job's first message. */
		CONFIRM(QUEUED, PENDING),
		/** A worker takes the job; the attempt count goes up by one. */
		CLAIM(RUNNING, PENDING, QUEUED, RETRY_WAIT),
		SUCCEED(SUCCEEDED, RUNNING),
		/** The attempt failed (or its worker vanished) and attempts remain. */
		SCHEDULE_RETRY(RETRY_WAIT, RUNNING),
		/** The attempt failed and no attempt remains, or the error is not retryable. */
		FAIL(FAILED, RUNNING),
		/** A waiting job is cancelled at once. */
		CANCEL(CANCELLED, PENDING, QUEUED, RETRY_WAIT),
		/** A running job whose cancellation was requested has stopped. */
		STOP_CANCELLED(CANCELLED, RUNNING),
		/** The instance shut down before the attempt ended; the job goes back to the outbox. */
		HAND_BACK(PENDING, RUNNING),
		/** A person asks for a new attempt of a failed or cancelled job. */
		RETRY(PENDING, FAILED, CANCELLED);

		private final JobStatus to;

		private final Set<JobStatus> from;

		Transition(JobStatus to, JobStatus... from) {
			this.to = to;
			this.from = EnumSet.copyOf(Arrays.asList(from));
		}

		public JobStatus to() {
			return to;
		}

		public Set<JobStatus> from() {
			return from;
		}

		/** The SQL guard of this transition, e.g. {@code status in ('PENDING','QUEUED')}. */
		String guard() {
			return from.stream().map(s -> "'" + s.name() + "'").collect(Collectors.joining(",", "status in (", ")"));
		}

	}

	/** Whether some transition moves a job from one status to another. */
	public static boolean isLegal(JobStatus from, JobStatus to) {
		return Arrays.stream(Transition.values()).anyMatch(t -> t.to == to && t.from.contains(from));
	}

	private static final String CURRENT = "select " + JobRow.COLUMNS + " from job where id = :id";

	private final JdbcClient jdbc;

	public JobStateMachine(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	// ---- creation -------------------------------------------------------------------------

	/**
	 * Inserts a new {@code PENDING} job.
	 * @return the row, or empty when a job with the same submitter and idempotency key exists
	 */
	Optional<JobRow> insert(NewJob job) {
		return jdbc.sql("""
				insert into job (id, type, payload, status, max_attempts, priority, run_at, idempotency_key, created_by)
				values (:id, :type, cast(:payload as jsonb), 'PENDING', :maxAttempts, :priority,
				        coalesce(:runAt, now()), :key, :createdBy)
				on conflict (created_by, idempotency_key) where idempotency_key is not null do nothing
				returning \s""" + JobRow.COLUMNS)
			.param("id", JobIds.next())
			.param("type", job.type())
			.param("payload", job.payloadJson())
			.param("maxAttempts", job.maxAttempts())
			.param("priority", job.priority())
			.param("runAt", timestamp(job.runAt()))
			.param("key", job.idempotencyKey())
			.param("createdBy", job.createdBy())
			.query(JobRow::map)
			.optional();
	}

	/**
	 * Counts a submitter's active jobs of a type, after taking a transaction-scoped lock on that
	 * pair: two concurrent submissions of the same user and type are serialised, so a limit cannot
	 * be overrun by a race.
	 */
	int countActive(String createdBy, String type) {
		jdbc.sql("select pg_advisory_xact_lock(hashtext(:createdBy), hashtext(:type))")
			.param("createdBy", createdBy)
			.param("type", type)
			.query((rs, n) -> 1)
			.list();
		return jdbc.sql("""
				select count(*) from job
				 where created_by = :createdBy and type = :type
				   and status in ('PENDING', 'QUEUED', 'RUNNING', 'RETRY_WAIT')
				""")
			.param("createdBy", createdBy)
			.param("type", type)
			.query(Integer.class)
			.single();
	}

	Optional<JobRow> findByIdempotencyKey(String createdBy, String key) {
		return jdbc.sql("select " + JobRow.COLUMNS + " from job where created_by = :createdBy and idempotency_key = :key")
			.param("createdBy", createdBy)
			.param("key", key)
			.query(JobRow::map)
			.optional();
	}

	// ---- the broker confirmed messages ------------------------------------------------------

	/**
	 * Records that the broker confirmed these messages: a {@code PENDING} job becomes {@code QUEUED}
	 * ({@link Transition#CONFIRM}); a {@code RETRY_WAIT} job stays, but is no longer the relay's
	 * business. Matching on the attempt keeps a late confirm of an old message from covering a newer
	 * wait. Never moves a job backwards: a job already claimed is left alone.
	 */
	public int markDispatched(Collection<JobMessage> messages) {
		if (messages.isEmpty()) {
			return 0;
		}
		return jdbc.sql("""
				update job j
				   set status = case when j.status = 'PENDING' then 'QUEUED' else j.status end,
				       dispatched_at = now(), updated_at = now()
				  from unnest(cast(:ids as uuid[]), cast(:attempts as int[])) as c(id, attempt)
				 where j.id = c.id and j.attempt = c.attempt
				   and j.status in ('PENDING', 'RETRY_WAIT') and j.dispatched_at is null
				""")
			.param("ids", uuidArray(messages.stream().map(JobMessage::jobId).toList()))
			.param("attempts", intArray(messages.stream().map(JobMessage::attempt).toList()))
			.update();
	}

	// ---- workers ------------------------------------------------------------------------------

	/**
	 * Claims the job named by a message ({@link Transition#CLAIM}). Wins only if the job is waiting,
	 * due, and still at the attempt the message was published for.
	 */
	public ClaimResult claim(JobMessage message, String workerId, Duration lease) {
		Optional<ClaimedJob> claimed = jdbc.sql("""
				update job
				   set status = 'RUNNING', attempt = attempt + 1, worker_id = :worker,
				       lease_until = now() + :leaseMillis * interval '1 millisecond',
				       started_at = now(), updated_at = now()
				 where id = :id and attempt = :attempt and run_at <= now() and \s""" + Transition.CLAIM.guard() + """
				returning id, type, payload::text as payload, attempt, max_attempts, created_by,
				          (extract(epoch from now() - run_at) * 1000)::bigint as queue_millis
				""")
			.param("worker", workerId)
			.param("leaseMillis", lease.toMillis())
			.param("id", message.jobId())
			.param("attempt", message.attempt())
			.query((rs, n) -> new ClaimedJob(rs.getObject("id", UUID.class), rs.getString("type"),
					rs.getString("payload"), rs.getInt("attempt"), rs.getInt("max_attempts"),
					rs.getString("created_by"), Duration.ofMillis(rs.getLong("queue_millis"))))
			.optional();
		if (claimed.isPresent()) {
			return new ClaimResult(claimed.get(), null, false);
		}
		// Lost the claim: say why. A message that came before the job's time (a duplicate, or one
		// published by hand) also forgets the confirm, so the relay publishes the job when it is due.
		Optional<ClaimResult> lost = jdbc.sql("""
				with job_now as (
				    select id, status, attempt = :attempt and run_at > now() and %s as early from job where id = :id
				), forgotten as (
				    update job j set dispatched_at = null from job_now n where j.id = n.id and n.early
				)
				select status, early from job_now
				""".formatted(Transition.CLAIM.guard()))
			.param("id", message.jobId())
			.param("attempt", message.attempt())
			.query((rs, n) -> new ClaimResult(null, JobStatus.valueOf(rs.getString("status")), rs.getBoolean("early")))
			.optional();
		return lost.orElse(new ClaimResult(null, null, false));
	}

	/** Ends an attempt successfully ({@link Transition#SUCCEED}). */
	public boolean succeed(UUID id, int attempt, String resultJson) {
		return endAttempt(Transition.SUCCEED, id, attempt, null, "result = cast(:result as jsonb), last_error = null",
				AttemptOutcome.SUCCEEDED, null, null, resultJson, null);
	}

	/**
	 * Ends a failed attempt and schedules the next one after {@code delay}
	 * ({@link Transition#SCHEDULE_RETRY}); if the job's cancellation was requested meanwhile, it
	 * becomes {@code CANCELLED} instead.
	 * @return {@code RETRY_WAIT}, {@code CANCELLED}, or {@code null} if the attempt is no longer
	 * the caller's
	 */
	public JobStatus scheduleRetry(UUID id, int attempt, Duration delay, AttemptOutcome outcome, String error,
			String stackTrace) {
		if (endAttempt(Transition.SCHEDULE_RETRY, id, attempt, "not cancel_requested",
				"run_at = now() + :delayMillis * interval '1 millisecond', dispatched_at = null, last_error = :error",
				outcome, error, stackTrace, null, delay)) {
			return RETRY_WAIT;
		}
		return stopCancelled(id, attempt, outcome, error) ? CANCELLED : null;
	}

	/** Ends the last attempt; the job failed for good ({@link Transition#FAIL}). */
	public boolean fail(UUID id, int attempt, AttemptOutcome outcome, String error, String stackTrace) {
		return endAttempt(Transition.FAIL, id, attempt, null, "last_error = :error", outcome, error, stackTrace, null, null);
	}

	/** A running job stopped because its cancellation was requested ({@link Transition#STOP_CANCELLED}). */
	public boolean stopCancelled(UUID id, int attempt, AttemptOutcome outcome, String error) {
		return endAttempt(Transition.STOP_CANCELLED, id, attempt, null, "last_error = coalesce(:error, last_error)", outcome,
				error, null, null, null);
	}

	/**
	 * Gives a running job back to the outbox ({@link Transition#HAND_BACK}) because this instance
	 * shuts down; the interrupted attempt does not count against the job's budget. A job whose
	 * cancellation was requested meanwhile becomes {@code CANCELLED} instead.
	 */
	public boolean handBack(UUID id, int attempt) {
		return endAttempt(Transition.HAND_BACK, id, attempt, "not cancel_requested",
				"max_attempts = max_attempts + 1, run_at = now(), dispatched_at = null, last_error = :error",
				AttemptOutcome.HANDED_BACK, "The instance shut down before the attempt ended", null, null, null)
				|| stopCancelled(id, attempt, AttemptOutcome.CANCELLED, null);
	}

	private boolean endAttempt(Transition transition, UUID id, int attempt, String extraGuard, String extraSet,
			AttemptOutcome outcome, String error, String stackTrace, String resultJson, Duration delay) {
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
				""".formatted(finished, extraSet, transition.guard(), (extraGuard != null) ? " and " + extraGuard : ""))
			.param("to", transition.to().name())
			.param("id", id)
			.param("attempt", attempt)
			.param("outcome", outcome.name())
			.param("error", truncate(error, 4000))
			.param("stack", truncate(stackTrace, 16000));
		if (resultJson != null || transition == Transition.SUCCEED) {
			spec = spec.param("result", resultJson);
		}
		if (delay != null) {
			spec = spec.param("delayMillis", delay.toMillis());
		}
		return spec.update() == 1;
	}

	/** Stores progress of a running attempt; ignored once the attempt is no longer the job's. */
	public void reportProgress(UUID id, int attempt, long done, Long total, String message) {
		jdbc.sql("""
				update job set progress_done = :done, progress_total = :total, progress_message = :message
				 where id = :id and attempt = :attempt and status = 'RUNNING'
				""")
			.param("done", done)
			.param("total", total)
			.param("message", truncate(message, 500))
			.param("id", id)
			.param("attempt", attempt)
			.update();
	}

	// ---- people -----------------------------------------------------------------------------

	/**
	 * Cancels a job: a waiting job at once ({@link Transition#CANCEL}); a running one is flagged and
	 * stops cooperatively. Cancelling a cancelled job changes nothing.
	 * @throws IllegalJobTransitionException if the job succeeded or failed
	 */
	public JobRow cancel(UUID id) {
		Optional<JobRow> changed = jdbc.sql("""
				update job
				   set status = case when status = 'RUNNING' then 'RUNNING' else 'CANCELLED' end,
				       finished_at = case when status = 'RUNNING' then null else now() end,
				       cancel_requested = true, updated_at = now()
				 where id = :id and (%s or status = 'RUNNING')
				returning %s
				""".formatted(Transition.CANCEL.guard(), JobRow.COLUMNS))
			.param("id", id)
			.query(JobRow::map)
			.optional();
		if (changed.isPresent()) {
			return changed.get();
		}
		JobRow current = find(id).orElseThrow(() -> new JobNotFoundException(id));
		if (current.status() == CANCELLED) {
			return current;
		}
		throw new IllegalJobTransitionException(id, "cancel", current.status());
	}

	/**
	 * Starts a new attempt of a failed or cancelled job ({@link Transition#RETRY}) with a fresh
	 * budget of {@code attempts}. The caller publishes its message after commit.
	 */
	public JobRow retry(UUID id, int attempts) {
		return jdbc.sql("""
				update job
				   set status = 'PENDING', max_attempts = attempt + :attempts, run_at = now(), dispatched_at = null,
				       cancel_requested = false, finished_at = null, worker_id = null, lease_until = null,
				       updated_at = now()
				 where id = :id and %s
				returning %s
				""".formatted(Transition.RETRY.guard(), JobRow.COLUMNS))
			.param("attempts", attempts)
			.param("id", id)
			.query(JobRow::map)
			.optional()
			.orElseThrow(() -> new IllegalJobTransitionException(id, "retry",
					find(id).orElseThrow(() -> new JobNotFoundException(id)).status()));
	}

	// ---- housekeeping -----------------------------------------------------------------------

	/**
	 * Locks jobs that wait for a message none of which was confirmed, whose time has come, and
	 * that were last touched at least {@code minAge} ago (so a publish in flight is not doubled).
	 * Must run in a transaction; rows locked by another relay are skipped.
	 */
	public List<JobMessage> lockUndispatched(Duration minAge, int limit) {
		return jdbc.sql("""
				select id, type, attempt, priority from job
				 where status in ('PENDING', 'RETRY_WAIT') and dispatched_at is null
				   and run_at <= now() and updated_at <= now() - :minAgeMillis * interval '1 millisecond'
				 order by run_at
				 limit :limit
				 for update skip locked
				""")
			.param("minAgeMillis", minAge.toMillis())
			.param("limit", limit)
			.query((rs, n) -> new JobMessage(rs.getObject("id", UUID.class), rs.getString("type"),
					rs.getInt("attempt"), rs.getInt("priority")))
			.list();
	}

	/**
	 * Renews the leases of a worker's running jobs in one statement.
	 * @return the ids among them whose cancellation was requested
	 */
	public Set<UUID> renewLeases(String workerId, Collection<RunningAttempt> running, Duration lease) {
		if (running.isEmpty()) {
			return Set.of();
		}
		List<UUID> cancelled = jdbc.sql("""
				update job j set lease_until = now() + :leaseMillis * interval '1 millisecond'
				  from unnest(cast(:ids as uuid[]), cast(:attempts as int[])) as r(id, attempt)
				 where j.id = r.id and j.attempt = r.attempt and j.status = 'RUNNING' and j.worker_id = :worker
				returning j.id, j.cancel_requested
				""")
			.param("leaseMillis", lease.toMillis())
			.param("ids", uuidArray(running.stream().map(RunningAttempt::id).toList()))
			.param("attempts", intArray(running.stream().map(RunningAttempt::attempt).toList()))
			.param("worker", workerId)
			.query((rs, n) -> rs.getBoolean("cancel_requested") ? rs.getObject("id", UUID.class) : null)
			.list();
		Set<UUID> result = new HashSet<>(cancelled);
		result.remove(null);
		return result;
	}

	/** Locks running jobs whose lease ran out. Must run in a transaction. */
	public List<ExpiredLease> lockExpiredLeases(int limit) {
		return jdbc.sql("""
				select id, type, attempt, max_attempts, priority, worker_id, cancel_requested from job
				 where status = 'RUNNING' and lease_until < now()
				 order by lease_until
				 limit :limit
				 for update skip locked
				""")
			.param("limit", limit)
			.query((rs, n) -> new ExpiredLease(rs.getObject("id", UUID.class), rs.getString("type"),
					rs.getInt("attempt"), rs.getInt("max_attempts"), rs.getInt("priority"), rs.getString("worker_id"),
					rs.getBoolean("cancel_requested")))
			.list();
	}

	Optional<JobRow> find(UUID id) {
		return jdbc.sql(CURRENT).param("id", id).query(JobRow::map).optional();
	}

	// ---- helpers ----------------------------------------------------------------------------

	private static OffsetDateTime timestamp(Instant instant) {
		return (instant != null) ? OffsetDateTime.ofInstant(instant, ZoneOffset.UTC) : null;
	}

	static String truncate(String value, int max) {
		return (value == null || value.length() <= max) ? value : value.substring(0, max);
	}

	private static String uuidArray(List<UUID> ids) {
		return ids.stream().map(UUID::toString).collect(Collectors.joining(",", "{", "}"));
	}

	private static String intArray(List<Integer> values) {
		return values.stream().map(String::valueOf).collect(Collectors.joining(",", "{", "}"));
	}

	/** What a new job is inserted with. */
	record NewJob(String type, String payloadJson, int maxAttempts, int priority, Instant runAt,
			String idempotencyKey, String createdBy) {
	}

	/** A job a worker won: everything it needs to run the handler. */
	public record ClaimedJob(UUID id, String type, String payload, int attempt, int maxAttempts, String createdBy,
			Duration queueTime) {
	}

	/**
	 * The answer to a claim: the job if won; otherwise its current status ({@code null} when the
	 * row does not exist) and whether the message simply came too early.
	 */
	public record ClaimResult(ClaimedJob job, JobStatus current, boolean early) {

		public boolean won() {
			return job != null;
		}

	}

	/** A running attempt a worker holds the lease for. */
	public record RunningAttempt(UUID id, int attempt) {
	}

	/** A running job whose worker stopped renewing its lease. */
	public record ExpiredLease(UUID id, String type, int attempt, int maxAttempts, int priority, String workerId,
			boolean cancelRequested) {

		public JobMessage message() {
			return new JobMessage(id, type, attempt, priority);
		}

	}

	/** How an attempt ended, as written to the attempt history. */
	public enum AttemptOutcome {

		SUCCEEDED, FAILED, TIMED_OUT, CANCELLED, LOST, HANDED_BACK

	}

}
