package dev.jobs.core.job;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.jobs.core.IllegalJobTransitionException;
import dev.jobs.core.JobNotFoundException;
import dev.jobs.core.job.JobStateMachine.Transition;

import org.springframework.jdbc.core.simple.JdbcClient;

import static dev.jobs.core.JobStatus.CANCELLED;
import static dev.jobs.core.JobStatus.RUNNING;
import static dev.jobs.core.job.JobStateMachine.FINISHED;
import static dev.jobs.core.job.JobStateMachine.in;
import static dev.jobs.core.job.JobStateMachine.literal;
import static dev.jobs.core.job.SqlValues.uuidArray;

/**
 * What people and retention do to a job's end: cancel (which ends a waiting job), retry of a failed or
 * cancelled job, and the deletion of ended jobs, by hand or by retention. On the application's connections
 * ({@link ApplicationJobStore}), in the caller's transaction.
 */
public class EndedJobs {

	private final JdbcClient jdbc;

	private final JobReads reads;

	EndedJobs(JdbcClient jdbc, JobReads reads) {
		this.jdbc = jdbc;
		this.reads = reads;
	}

	/**
	 * Cancels a job: a waiting job at once ({@link Transition#CANCEL}); a running one is flagged and
	 * stops cooperatively. Cancelling a cancelled job changes nothing.
	 * @throws IllegalJobTransitionException if the job succeeded or failed
	 */
	Cancellation cancel(UUID id) {
		Optional<JobRow> changed = jdbc.sql("""
				update {jobs}.job
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
		JobRow current = reads.find(id).orElseThrow(() -> new JobNotFoundException(id));
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
				update {jobs}.job
				   set status = :to, max_attempts = attempt + :attempts, attempt_base = attempt, run_at = now(),
				       dispatched_at = null, cancel_requested = false, finished_at = null, worker_id = null, blocked_by = null,
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
					reads.find(id).orElseThrow(() -> new JobNotFoundException(id)).status()));
	}

	// ---- deletes ---------------------------------------------------------------------------------

	/** Locks finished jobs that finished before the retention. Must run in a transaction. */
	public List<UUID> lockFinishedBefore(Duration retention, int limit) {
		return jdbc.sql("""
				select id from {jobs}.job
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
	List<UUID> lockFinished(Collection<UUID> ids) {
		if (ids.isEmpty()) {
			return List.of();
		}
		return jdbc.sql("select id from {jobs}.job where id = any(cast(:ids as uuid[])) and %s order by id for update"
			.formatted(in(FINISHED)))
			.param("ids", uuidArray(ids))
			.query(UUID.class)
			.list();
	}

	/**
	 * Deletes jobs with their attempt history, and the batches they leave empty once those ended (a batch's counts
	 * stay with it while any member is kept).
	 */
	public int delete(Collection<UUID> ids) {
		if (ids.isEmpty()) {
			return 0;
		}
		return jdbc.sql("""
				with deleted as (
				    delete from {jobs}.job where id = any(cast(:ids as uuid[])) returning batch_id
				), emptied as (
				    delete from {jobs}.job_batch b
				     where b.id in (select batch_id from deleted where batch_id is not null)
				       and (b.completed_at is not null or b.cancelled_at is not null)
				       and not exists (select 1 from {jobs}.job j
				                        where j.batch_id = b.id and j.id <> all(cast(:ids as uuid[])))
				)
				select count(*) from deleted
				""")
			.param("ids", uuidArray(ids))
			.query(Integer.class)
			.single();
	}

	// ---- what goes in and out -------------------------------------------------------------------

	/** The job after a cancel, and whether this call ended it (a waiting job; not a running one, not twice). */
	record Cancellation(JobRow row, boolean endedNow) {
	}

}
