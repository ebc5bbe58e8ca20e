package dev.jobs.core.job;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import dev.jobs.core.job.JobStateMachine.Transition;

import org.springframework.jdbc.core.simple.JdbcClient;

import static dev.jobs.core.JobStatus.CANCELLED;
import static dev.jobs.core.JobStatus.RUNNING;
import static dev.jobs.core.job.JobStateMachine.literal;
import static dev.jobs.core.job.SqlValues.intArray;
import static dev.jobs.core.job.SqlValues.truncate;
import static dev.jobs.core.job.SqlValues.uuidArray;

/**
 * The end of a claimed attempt, and its progress while it runs. Ending an attempt writes the job's new status
 * and its attempt-history row in one statement (a data-modifying CTE), fenced by the attempt number: a worker
 * that lost its lease cannot end an attempt that was given to someone else, and the hot path costs one commit
 * per completion. On the engine's connections ({@link EngineJobStore}).
 */
public class AttemptEnds {

	private final JdbcClient jdbc;

	// Protected so that a test can make a statement fail as an unreachable database would.
	protected AttemptEnds(JdbcClient jdbc) {
		this.jdbc = jdbc;
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
					+ "last_error = :error, failure_group = :fingerprint";
			case FAIL -> "last_error = :error, failure_group = :fingerprint";
			case STOP_CANCELLED -> "last_error = coalesce(:error, last_error)";
			case HAND_BACK -> "max_attempts = max_attempts + 1, attempt_base = attempt_base + 1, run_at = now(), "
					+ "dispatched_at = null, last_error = :error";
			default -> throw new IllegalArgumentException(transition + " does not end an attempt");
		};
		// A job whose cancellation was requested never goes back to waiting: it ends CANCELLED.
		String extraGuard = (transition == Transition.SCHEDULE_RETRY || transition == Transition.HAND_BACK)
				? " and not cancel_requested" : "";
		String finished = transition.to().isTerminal() ? "now()" : "null";
		// A failed attempt is grouped by its cause (FailureGroups); the group's description is written the first time.
		FailureFingerprint.Cause cause = groupsFailure(transition)
				? FailureFingerprint.of(typeOf(id), end.error(), end.stackTrace()) : null;
		String group = (cause == null) ? "" : """
				, grouped as (
				    insert into {jobs}.failure_group (fingerprint, type, exception_class, message, frame)
				    select :fingerprint, :type, left(:exceptionClass, 300), :message, :frame from ended
				    on conflict (fingerprint) do nothing
				)""";
		var spec = jdbc.sql("""
				with ended as (
				    update {jobs}.job
				       set status = :to, updated_at = now(), lease_until = null, finished_at = %s, %s
				     where id = :id and attempt = :attempt and %s%s
				    returning id, attempt, worker_id, started_at
				)%s
				insert into {jobs}.job_attempt (job_id, attempt, worker_id, started_at, finished_at, outcome, error, stack_trace)
				select id, attempt, worker_id, started_at, now(), :outcome, :error, :stack from ended
				on conflict (job_id, attempt) do update
				   set finished_at = excluded.finished_at, outcome = excluded.outcome,
				       error = excluded.error, stack_trace = excluded.stack_trace
				""".formatted(finished, set, transition.guard(), extraGuard, group))
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
		if (cause != null) {
			spec = spec.param("fingerprint", cause.fingerprint())
				.param("type", cause.type())
				.param("exceptionClass", cause.exceptionClass())
				.param("message", cause.message())
				.param("frame", cause.frame());
		}
		return spec.update() == 1;
	}

	/** The transitions that record a failed attempt, and so its failure group. */
	static boolean groupsFailure(Transition transition) {
		return transition == Transition.FAIL || transition == Transition.SCHEDULE_RETRY
				|| transition == Transition.FAIL_UNDELIVERABLE;
	}

	/**
	 * The job's type, which the fingerprint includes. A job's type never changes, so this read needs no lock; it
	 * costs a key lookup on a failed attempt only, never on a success.
	 */
	private String typeOf(UUID id) {
		return jdbc.sql("select type from {jobs}.job where id = :id").param("id", id).query(String.class).optional()
			.orElse("");
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
				    select j.id, s.n from {jobs}.job j join s on j.id = s.id and j.attempt = s.attempt
				     where j.%2$s
				     order by j.id
				       for update of j
				), ended as (
				    update {jobs}.job j
				       set status = %1$s, updated_at = now(), lease_until = null, finished_at = now(),
				           result = nullif(cast(:results as jsonb) -> (t.n - 1)::int, 'null'::jsonb), last_error = null
				      from target t
				     where j.id = t.id
				    returning j.id, j.attempt, j.worker_id, j.started_at
				), history as (
				    insert into {jobs}.job_attempt (job_id, attempt, worker_id, started_at, finished_at, outcome)
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

	/** Stores progress of a running attempt; ignored once the attempt is no longer the job's. */
	public void reportProgress(UUID id, int attempt, long done, Long total, String message) {
		jdbc.sql("""
				update {jobs}.job set progress_done = :done, progress_total = :total, progress_message = :message
				 where id = :id and attempt = :attempt and status = %s
				""".formatted(literal(RUNNING)))
			.param("done", done)
			.param("total", total)
			.param("message", truncate(message, 500))
			.param("id", id)
			.param("attempt", attempt)
			.update();
	}

	// ---- what goes in and out -------------------------------------------------------------------

	/** A successful attempt to record: its job, its attempt and its result as JSON (or null). */
	public record Success(UUID id, int attempt, String resultJson) {
	}

}
