package dev.jobs.core.job;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;

import dev.jobs.core.JobStatus;
import dev.jobs.core.job.JobStateMachine.Transition;

import static dev.jobs.core.job.JobStateMachine.FINISHED;
import static dev.jobs.core.job.JobStateMachine.in;
import static dev.jobs.core.job.JobStateMachine.literal;
import static dev.jobs.core.job.SqlValues.uuidArray;

/**
 * The statements of jobs that wait for others ({@link JobStatus#AWAITING}): the dependency edges, and the three
 * moves out of and back into waiting ({@link Transition#RELEASE}, {@link Transition#CANCEL},
 * {@link Transition#REAWAIT}). On the store's connections, in its current transaction.
 */
public class AwaitingJobs {

	private final JdbcClient jdbc;

	AwaitingJobs(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	// ---- when a dependent is submitted -----------------------------------------------------------

	/**
	 * Marks these jobs as depended upon, under their rows' locks (taken in id order, so two submissions never wait
	 * for each other crosswise), and reads their statuses. An end that commits after this sees the mark and
	 * releases or cancels the dependent; one that committed before shows here as an ended status.
	 * @return status by id; a job that does not exist is missing
	 */
	Map<UUID, JobStatus> markDependedUpon(Collection<UUID> ids) {
		Map<UUID, JobStatus> statuses = new LinkedHashMap<>();
		if (ids.isEmpty()) {
			return statuses;
		}
		jdbc.sql("""
				update {jobs}.job j set has_dependents = true
				  from (select id from {jobs}.job where id = any(cast(:ids as uuid[])) order by id for update) l
				 where j.id = l.id
				returning j.id, j.status
				""")
			.param("ids", uuidArray(ids))
			.query(rs -> {
				statuses.put(rs.getObject("id", UUID.class), JobStatus.valueOf(rs.getString("status")));
			});
		return statuses;
	}

	/** Stores that each job waits for its dependencies. */
	void insertEdges(List<Edge> edges) {
		if (edges.isEmpty()) {
			return;
		}
		List<UUID> jobs = new ArrayList<>(edges.size());
		List<UUID> dependsOn = new ArrayList<>(edges.size());
		StringBuilder anyway = new StringBuilder("{");
		for (Edge e : edges) {
			jobs.add(e.job());
			dependsOn.add(e.dependsOn());
			anyway.append((anyway.length() > 1) ? "," : "").append(e.runAnyway());
		}
		jdbc.sql("""
				insert into {jobs}.job_dependency (job_id, depends_on, run_anyway)
				select * from unnest(cast(:jobs as uuid[]), cast(:dependsOn as uuid[]), cast(:anyway as boolean[]))
				on conflict do nothing
				""")
			.param("jobs", uuidArray(jobs))
			.param("dependsOn", uuidArray(dependsOn))
			.param("anyway", anyway.append('}').toString())
			.update();
	}

	// ---- when a dependency ends -------------------------------------------------------------------

	/**
	 * The waiting dependents of a job, locked (in id order), with whether each runs even if this job failed.
	 * Locking first matters: the check that follows ({@link #releaseIfSatisfied}) is a statement of its own, so it
	 * reads every dependency's latest committed status, also that of a dependency whose end committed while we
	 * waited for the lock.
	 */
	Map<UUID, Boolean> lockAwaitingDependents(UUID dependency) {
		Map<UUID, Boolean> dependents = new LinkedHashMap<>();
		jdbc.sql("""
				select j.id, d.run_anyway from {jobs}.job j join {jobs}.job_dependency d on d.job_id = j.id
				 where d.depends_on = :id and j.status = %s
				 order by j.id
				   for update of j
				""".formatted(literal(JobStatus.AWAITING)))
			.param("id", dependency)
			.query(rs -> {
				dependents.put(rs.getObject("id", UUID.class), rs.getBoolean("run_anyway"));
			});
		return dependents;
	}

	/**
	 * Releases those of these waiting jobs whose every dependency is satisfied: succeeded, or ended when the edge
	 * runs anyway ({@link Transition#RELEASE}). The caller locked them.
	 */
	List<Released> releaseIfSatisfied(Collection<UUID> ids) {
		if (ids.isEmpty()) {
			return List.of();
		}
		return jdbc.sql("""
				update {jobs}.job j
				   set status = %1$s, run_at = greatest(j.run_at, now()), updated_at = now(), dispatched_at = null
				 where j.id = any(cast(:ids as uuid[])) and j.%2$s
				   and not exists (select 1 from {jobs}.job_dependency e left join {jobs}.job d on d.id = e.depends_on
				                    where e.job_id = j.id
				                      and (d.id is null or not (d.status = %3$s or (e.run_anyway and d.%4$s))))
				returning j.id, j.type, j.attempt, j.priority, j.trace_context, j.run_at <= now() as due
				""".formatted(literal(Transition.RELEASE.to()), Transition.RELEASE.guard(),
				literal(JobStatus.SUCCEEDED), in(FINISHED)))
			.param("ids", uuidArray(ids))
			.query((rs, n) -> new Released(new JobMessage(rs.getObject("id", UUID.class), rs.getString("type"),
					rs.getInt("attempt"), rs.getInt("priority"), rs.getString("trace_context")), rs.getBoolean("due")))
			.list();
	}

	/**
	 * Releases waiting jobs whatever they wait for: a batch's callbacks whose condition came
	 * ({@link Transition#RELEASE}).
	 */
	List<Released> release(Collection<UUID> ids) {
		if (ids.isEmpty()) {
			return List.of();
		}
		return jdbc.sql("""
				update {jobs}.job
				   set status = %s, run_at = greatest(run_at, now()), updated_at = now(), dispatched_at = null
				 where id = any(cast(:ids as uuid[])) and %s
				returning id, type, attempt, priority, trace_context, run_at <= now() as due
				""".formatted(literal(Transition.RELEASE.to()), Transition.RELEASE.guard()))
			.param("ids", uuidArray(ids))
			.query((rs, n) -> new Released(new JobMessage(rs.getObject("id", UUID.class), rs.getString("type"),
					rs.getInt("attempt"), rs.getInt("priority"), rs.getString("trace_context")), rs.getBoolean("due")))
			.list();
	}

	/**
	 * Cancels waiting jobs that can no longer run, with the reason ({@link Transition#CANCEL}, from
	 * {@link JobStatus#AWAITING} only).
	 * @param blockedBy the dependency whose failure cancels them (its retry makes them wait again), or {@code null}
	 * @return the jobs cancelled
	 */
	List<Ended> cancelAwaiting(Collection<UUID> ids, String reason, UUID blockedBy) {
		if (ids.isEmpty()) {
			return List.of();
		}
		return jdbc.sql("""
				update {jobs}.job
				   set status = %s, finished_at = now(), updated_at = now(), last_error = :reason, blocked_by = :blockedBy
				 where id = any(cast(:ids as uuid[])) and status = %s
				returning id, type
				""".formatted(literal(Transition.CANCEL.to()), literal(JobStatus.AWAITING)))
			.param("ids", uuidArray(ids))
			.param("reason", reason)
			.param("blockedBy", blockedBy)
			.query((rs, n) -> new Ended(rs.getObject("id", UUID.class), rs.getString("type"), JobStatus.CANCELLED))
			.list();
	}

	/**
	 * The jobs a failed dependency cancelled wait again, now that it is retried ({@link Transition#REAWAIT}).
	 * @return the jobs that wait again
	 */
	List<UUID> reawaitBlockedBy(UUID dependency) {
		return jdbc.sql("""
				update {jobs}.job
				   set status = %s, finished_at = null, updated_at = now(), last_error = null, blocked_by = null
				 where blocked_by = :id and %s
				returning id
				""".formatted(literal(Transition.REAWAIT.to()), Transition.REAWAIT.guard()))
			.param("id", dependency)
			.query(UUID.class)
			.list();
	}

	/** Callbacks the platform had cancelled wait again ({@link Transition#REAWAIT}). */
	List<UUID> reawait(Collection<UUID> ids) {
		if (ids.isEmpty()) {
			return List.of();
		}
		return jdbc.sql("""
				update {jobs}.job
				   set status = %s, finished_at = null, updated_at = now(), last_error = null
				 where id = any(cast(:ids as uuid[])) and %s
				returning id
				""".formatted(literal(Transition.REAWAIT.to()), Transition.REAWAIT.guard()))
			.param("ids", uuidArray(ids))
			.query(UUID.class)
			.list();
	}

	// ---- the sweep ---------------------------------------------------------------------------------

	/**
	 * Waiting dependents whose dependencies all ended, oldest first, locked (skipping those another instance
	 * holds): those an end did not resolve because the dependent was submitted while its dependency ran on a
	 * worker that had claimed it before the mark ({@link #markDependedUpon}).
	 */
	List<UUID> lockResolvable(int limit) {
		return jdbc.sql("""
				select j.id from {jobs}.job j
				 where j.status = %1$s
				   and exists (select 1 from {jobs}.job_dependency e where e.job_id = j.id)
				   -- (a dependency deleted meanwhile has no row: it counts as ended here, and blocks it in blockers())
				   and not exists (select 1 from {jobs}.job_dependency e join {jobs}.job d on d.id = e.depends_on
				                    where e.job_id = j.id and not d.%2$s)
				 order by j.created_at
				 limit :limit
				   for update of j skip locked
				""".formatted(literal(JobStatus.AWAITING), in(FINISHED)))
			.param("limit", limit)
			.query(UUID.class)
			.list();
	}

	/**
	 * For each of these waiting jobs, a dependency that ended without success on an edge that does not run
	 * anyway, or that was deleted (the job can never run), or nothing.
	 */
	Map<UUID, Blocker> blockers(Collection<UUID> ids) {
		Map<UUID, Blocker> blockers = new LinkedHashMap<>();
		if (ids.isEmpty()) {
			return blockers;
		}
		jdbc.sql("""
				select distinct on (e.job_id) e.job_id, e.depends_on, d.type, d.status
				  from {jobs}.job_dependency e left join {jobs}.job d on d.id = e.depends_on
				 where e.job_id = any(cast(:ids as uuid[]))
				   and (d.id is null or (not e.run_anyway and d.%s and d.status <> %s))
				 order by e.job_id, d.finished_at nulls first
				""".formatted(in(FINISHED), literal(JobStatus.SUCCEEDED)))
			.param("ids", uuidArray(ids))
			.query(rs -> {
				String status = rs.getString("status");
				// A dependency deleted before its dependent was resolved: nobody can tell whether it succeeded.
				blockers.put(rs.getObject("job_id", UUID.class), new Blocker(rs.getObject("depends_on", UUID.class),
						(status != null) ? rs.getString("type") : "deleted", (status != null) ? JobStatus.valueOf(status)
								: null));
			});
		return blockers;
	}

	// ---- reads -------------------------------------------------------------------------------------

	/** Of these jobs, those whose end others wait for: members of a batch, or jobs with dependents. */
	List<Waited> waitedFor(Collection<UUID> ids) {
		return jdbc.sql("""
				select id, type, batch_id, batch_shard, has_dependents from {jobs}.job
				 where id = any(cast(:ids as uuid[])) and (batch_id is not null or has_dependents)
				""")
			.param("ids", uuidArray(ids))
			.query((rs, n) -> new Waited(rs.getObject("id", UUID.class), rs.getString("type"),
					rs.getObject("batch_id", UUID.class), rs.getInt("batch_shard"), rs.getBoolean("has_dependents")))
			.list();
	}

	/** The edges touching any of these jobs, both ways. */
	List<Edge> edgesOf(Collection<UUID> ids) {
		return jdbc.sql("""
				select job_id, depends_on, run_anyway from {jobs}.job_dependency
				 where job_id = any(cast(:ids as uuid[])) or depends_on = any(cast(:ids as uuid[]))
				""")
			.param("ids", uuidArray(ids))
			.query((rs, n) -> new Edge(rs.getObject("job_id", UUID.class), rs.getObject("depends_on", UUID.class),
					rs.getBoolean("run_anyway")))
			.list();
	}

	/** The jobs of a workflow view: name, type, status, and why a cancelled one did not run. */
	List<dev.jobs.core.WorkflowView.Step> stepsOf(Collection<UUID> ids) {
		return jdbc.sql("select id, workflow_step, type, status, last_error from {jobs}.job where id = any(cast(:ids as uuid[]))")
			.param("ids", uuidArray(ids))
			.query((rs, n) -> {
				JobStatus status = JobStatus.valueOf(rs.getString("status"));
				return new dev.jobs.core.WorkflowView.Step(rs.getObject("id", UUID.class), rs.getString("workflow_step"),
						rs.getString("type"), status, (status == JobStatus.CANCELLED) ? rs.getString("last_error") : null);
			})
			.list();
	}

	// ---- what goes in and out ----------------------------------------------------------------------

	/** A job others wait for: a member of a batch, or a job with dependents. */
	record Waited(UUID id, String type, UUID batchId, int batchShard, boolean hasDependents) {
	}

	/** {@code job} waits for {@code dependsOn}. */
	record Edge(UUID job, UUID dependsOn, boolean runAnyway) {
	}

	/** A job released, with its message, and whether it is due now (else the relay sends it when it is). */
	record Released(JobMessage message, boolean due) {
	}

	/** A job that ended as a consequence of another's end. */
	record Ended(UUID id, String type, JobStatus status) {
	}

	/** A dependency that ended without success ({@code status} {@code null}: it was deleted). */
	record Blocker(UUID id, String type, JobStatus status) {
	}

}
