package dev.jobs.core.job;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;

import dev.jobs.core.BatchCallback;
import dev.jobs.core.JobStatus;

import static dev.jobs.core.job.SqlValues.intArray;
import static dev.jobs.core.job.SqlValues.uuidArray;

/**
 * The statements on a batch's tables ({@code job_batch}, {@code job_batch_shard}, {@code job_batch_callback}), on
 * the store's connections and in its current transaction.
 *
 * <p>A batch's counts are split in {@value #SHARDS} shards, each member's chosen when it is submitted: a member's end
 * updates its shard's row, and only the end that completes a shard updates the batch's row, so completions of many
 * members at once wait for each other only within a shard. Locks are always taken in one order (job rows, then
 * shard rows by shard, then the batch's row), so two transactions never wait for each other crosswise.
 */
public class BatchRows {

	/** Shards per batch: contention on a shard row stays low with a few dozen workers ending members at once. */
	static final int SHARDS = 16;

	private final JdbcClient jdbc;

	BatchRows(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** Consecutive members that share a shard: about what one consumer's batch of deliveries holds. */
	static final int BLOCK = 32;

	/**
	 * The shard of the member submitted at {@code position} in its batch: blocks of {@link #BLOCK} consecutive
	 * members share one, consecutive blocks go to different ones. Deliveries come in submission order, so what one
	 * consumer records together falls in one or two shards, and consumers side by side count in different ones.
	 */
	static int shardOf(int position) {
		return (position / BLOCK) % SHARDS;
	}

	/** Members per shard. */
	static Map<Integer, Integer> countByShard(Collection<Integer> shards) {
		Map<Integer, Integer> counts = new TreeMap<>();
		shards.forEach(shard -> counts.merge(shard, 1, Integer::sum));
		return counts;
	}

	// ---- creation ----------------------------------------------------------------------------------

	void insert(UUID id, String description, String createdBy, boolean sealed, Map<Integer, Integer> membersByShard) {
		jdbc.sql("""
				insert into {jobs}.job_batch (id, description, created_by, sealed, open_shards)
				values (:id, :description, :createdBy, :sealed, :openShards)
				""")
			.param("id", id)
			.param("description", description)
			.param("createdBy", createdBy)
			.param("sealed", sealed)
			.param("openShards", membersByShard.size())
			.update();
		jdbc.sql("""
				insert into {jobs}.job_batch_shard (batch_id, shard, members)
				select :id, * from unnest(cast(:shards as int[]), cast(:members as int[]))
				""")
			.param("id", id)
			.param("shards", intArray(new ArrayList<>(membersByShard.keySet())))
			.param("members", intArray(new ArrayList<>(membersByShard.values())))
			.update();
	}

	void insertCallbacks(UUID batchId, Map<BatchCallback, UUID> callbacks) {
		callbacks.forEach((kind, job) -> jdbc
			.sql("insert into {jobs}.job_batch_callback (batch_id, kind, job_id) values (:batch, :kind, :job)")
			.param("batch", batchId)
			.param("kind", kind.name())
			.param("job", job)
			.update());
	}

	/**
	 * Counts members added to a running batch (by a member, as it succeeds): shard rows first, locked in order,
	 * then the batch's count of open shards for the shards these members open.
	 */
	void addMembers(UUID batchId, Map<Integer, Integer> membersByShard) {
		List<Integer> shards = new ArrayList<>(membersByShard.keySet());
		List<Integer> complete = jdbc.sql("""
				select shard from {jobs}.job_batch_shard
				 where batch_id = :batch and shard = any(cast(:shards as int[])) and members = succeeded + failed + cancelled
				 order by shard
				   for update
				""")
			.param("batch", batchId)
			.param("shards", intArray(shards))
			.query(Integer.class)
			.list();
		List<Integer> existing = jdbc.sql("""
				insert into {jobs}.job_batch_shard (batch_id, shard, members)
				select :batch, * from unnest(cast(:shards as int[]), cast(:members as int[])) order by 1, 2
				on conflict (batch_id, shard) do update set members = job_batch_shard.members + excluded.members
				returning case when xmax = 0 then -1 else shard end
				""")
			.param("batch", batchId)
			.param("shards", intArray(shards))
			.param("members", intArray(new ArrayList<>(membersByShard.values())))
			.query(Integer.class)
			.list();
		long created = existing.stream().filter(s -> s < 0).count();
		int opened = (int) created + complete.size();
		if (opened > 0) {
			jdbc.sql("update {jobs}.job_batch set open_shards = open_shards + :opened, completed_at = null where id = :id")
				.param("opened", opened)
				.param("id", batchId)
				.update();
		}
	}

	// ---- ends and retries --------------------------------------------------------------------------

	/**
	 * Counts members' ends (or, with negative counts, retries) in their shards, shard rows locked in order.
	 * @return the shards whose completeness changed: +1 for each that completed, -1 for each that reopened, by batch
	 */
	Map<UUID, Integer> count(List<ShardDelta> deltas) {
		Map<UUID, Integer> changes = new TreeMap<>();
		if (deltas.isEmpty()) {
			return changes;
		}
		// One statement: the shard rows are locked in (batch, shard) order first (a locking CTE is evaluated before
		// the update joins it), so two transactions that count several shards never wait for each other crosswise.
		jdbc.sql("""
				with d as (
				    select * from unnest(cast(:batches as uuid[]), cast(:shards as int[]), cast(:succeeded as int[]),
				                         cast(:failed as int[]), cast(:cancelled as int[]))
				           as d(batch_id, shard, succeeded, failed, cancelled)
				), locked as (
				    select s.batch_id, s.shard from {jobs}.job_batch_shard s join d on s.batch_id = d.batch_id and s.shard = d.shard
				     order by s.batch_id, s.shard
				       for update of s
				)
				update {jobs}.job_batch_shard s
				   set succeeded = s.succeeded + d.succeeded, failed = s.failed + d.failed, cancelled = s.cancelled + d.cancelled
				  from locked l join d on d.batch_id = l.batch_id and d.shard = l.shard
				 where s.batch_id = l.batch_id and s.shard = l.shard
				returning s.batch_id,
				          s.members = s.succeeded + s.failed + s.cancelled as complete_now,
				          s.members = s.succeeded + s.failed + s.cancelled - d.succeeded - d.failed - d.cancelled as complete_before
				""")
			.param("batches", uuidArray(deltas.stream().map(ShardDelta::batchId).toList()))
			.param("shards", intArray(deltas.stream().map(ShardDelta::shard).toList()))
			.param("succeeded", intArray(deltas.stream().map(ShardDelta::succeeded).toList()))
			.param("failed", intArray(deltas.stream().map(ShardDelta::failed).toList()))
			.param("cancelled", intArray(deltas.stream().map(ShardDelta::cancelled).toList()))
			.query(rs -> {
				boolean now = rs.getBoolean("complete_now");
				boolean before = rs.getBoolean("complete_before");
				if (now != before) {
					changes.merge(rs.getObject("batch_id", UUID.class), now ? 1 : -1, Integer::sum);
				}
			});
		return changes;
	}

	/**
	 * Changes a batch's count of open shards by {@code -completed} (shards that completed; negative for shards
	 * that reopened), under the batch row's lock.
	 * @return the batch as it is now
	 */
	Progress shardsCompleted(UUID batchId, int completed) {
		return jdbc.sql("""
				update {jobs}.job_batch set open_shards = open_shards - :completed,
				       completed_at = case when open_shards - :completed = 0 then coalesce(completed_at, now()) end
				 where id = :id
				returning open_shards, cancelled_at is not null as cancelled
				""")
			.param("completed", completed)
			.param("id", batchId)
			.query((rs, n) -> new Progress(rs.getInt("open_shards"), rs.getBoolean("cancelled")))
			.single();
	}

	/** Reopens a cancelled batch: a retry of its members. */
	void clearCancelled(UUID batchId) {
		jdbc.sql("update {jobs}.job_batch set cancelled_at = null where id = :id and cancelled_at is not null")
			.param("id", batchId)
			.update();
	}

	/** The counts of all shards of a batch. */
	Counts counts(UUID batchId) {
		return jdbc.sql("""
				select coalesce(sum(members), 0) as members, coalesce(sum(succeeded), 0) as succeeded,
				       coalesce(sum(failed), 0) as failed, coalesce(sum(cancelled), 0) as cancelled
				  from {jobs}.job_batch_shard where batch_id = :id
				""")
			.param("id", batchId)
			.query((rs, n) -> new Counts(rs.getLong("members"), rs.getLong("succeeded"), rs.getLong("failed"),
					rs.getLong("cancelled")))
			.single();
	}

	// ---- callbacks ---------------------------------------------------------------------------------

	Map<BatchCallback, CallbackRow> callbacks(UUID batchId) {
		Map<BatchCallback, CallbackRow> callbacks = new EnumMap<>(BatchCallback.class);
		jdbc.sql("""
				select c.kind, c.job_id, c.disarmed, j.type, j.status
				  from {jobs}.job_batch_callback c left join {jobs}.job j on j.id = c.job_id
				 where c.batch_id = :id
				""")
			.param("id", batchId)
			.query(rs -> {
				BatchCallback kind = BatchCallback.valueOf(rs.getString("kind"));
				String status = rs.getString("status");
				callbacks.put(kind, new CallbackRow(kind, rs.getObject("job_id", UUID.class), rs.getString("type"),
						(status != null) ? JobStatus.valueOf(status) : null, rs.getBoolean("disarmed")));
			});
		return callbacks;
	}

	/** Marks callbacks as cancelled by the platform (or not): a reopening batch arms those again. */
	void setDisarmed(Collection<UUID> callbackJobs, boolean disarmed) {
		if (callbackJobs.isEmpty()) {
			return;
		}
		jdbc.sql("update {jobs}.job_batch_callback set disarmed = :disarmed where job_id = any(cast(:ids as uuid[]))")
			.param("disarmed", disarmed)
			.param("ids", uuidArray(callbackJobs))
			.update();
	}

	/** The batch a job is a callback of. */
	Optional<UUID> batchOfCallback(UUID jobId) {
		return jdbc.sql("select batch_id from {jobs}.job_batch_callback where job_id = :id")
			.param("id", jobId)
			.query(UUID.class)
			.optional();
	}

	// ---- steering ----------------------------------------------------------------------------------

	/** @return whether this call cancelled it (false: already cancelled, or no such batch) */
	boolean markCancelled(UUID batchId) {
		return jdbc.sql("update {jobs}.job_batch set cancelled_at = now() where id = :id and cancelled_at is null")
			.param("id", batchId)
			.update() == 1;
	}

	boolean seal(UUID batchId) {
		return jdbc.sql("update {jobs}.job_batch set sealed = true where id = :id").param("id", batchId).update() == 1;
	}

	/** A batch's row, locked (members added by a member check it is open). */
	Optional<BatchRow> lock(UUID batchId) {
		return jdbc.sql("select " + BatchRow.COLUMNS + " from {jobs}.job_batch where id = :id for update")
			.param("id", batchId)
			.query(BatchRow::map)
			.optional();
	}

	/**
	 * Cancels a batch's waiting members ({@link JobStateMachine.Transition#CANCEL}) and asks its running ones to
	 * stop (they end cancelled when their handlers return).
	 * @return the members cancelled now
	 */
	List<AwaitingJobs.Ended> cancelMembers(UUID batchId, String reason) {
		// A running member whose end is being recorded right now is skipped: it is ending anyway, and waiting for its
		// row would wait for a transaction that may wait for this batch's row.
		jdbc.sql("""
				update {jobs}.job set cancel_requested = true, updated_at = now()
				 where id in (select id from {jobs}.job where batch_id = :id and status = %s for update skip locked)
				""".formatted(JobStateMachine.literal(JobStatus.RUNNING)))
			.param("id", batchId)
			.update();
		return jdbc.sql("""
				update {jobs}.job set status = %s, finished_at = now(), updated_at = now(), cancel_requested = true,
				       last_error = :reason
				 where id in (select id from {jobs}.job where batch_id = :id and %s order by id for update)
				returning id, type
				""".formatted(JobStateMachine.literal(JobStateMachine.Transition.CANCEL.to()),
				JobStateMachine.Transition.CANCEL.guard()))
			.param("id", batchId)
			.param("reason", reason)
			.query((rs, n) -> new AwaitingJobs.Ended(rs.getObject("id", UUID.class), rs.getString("type"),
					JobStatus.CANCELLED))
			.list();
	}

	/** A batch's members that a retry may start again (failed, cancelled), oldest first. */
	List<UUID> retryableMembers(UUID batchId) {
		return jdbc.sql("select id from {jobs}.job where batch_id = :id and %s order by created_at"
			.formatted(JobStateMachine.in(JobStateMachine.Transition.RETRY.from())))
			.param("id", batchId)
			.query(UUID.class)
			.list();
	}

	/** The types of a batch's members that a retry may start again. */
	java.util.Set<String> retryableTypes(UUID batchId) {
		return new java.util.LinkedHashSet<>(jdbc.sql("select distinct type from {jobs}.job where batch_id = :id and %s"
			.formatted(JobStateMachine.in(JobStateMachine.Transition.RETRY.from())))
			.param("id", batchId)
			.query(String.class)
			.list());
	}

	// ---- reads -------------------------------------------------------------------------------------

	/** A page of a batch's members, oldest first, optionally of one status, and how many there are. */
	List<JobRow> members(UUID batchId, JobStatus status, int limit, long offset) {
		return jdbc.sql("select " + JobRow.COLUMNS + " from {jobs}.job where batch_id = :id"
				+ ((status != null) ? " and status = :status" : "") + " order by created_at, id limit :limit offset :offset")
			.param("id", batchId)
			.param("status", (status != null) ? status.name() : null)
			.param("limit", limit)
			.param("offset", offset)
			.query(JobRow::map)
			.list();
	}

	long countMembers(UUID batchId, JobStatus status) {
		return jdbc.sql("select count(*) from {jobs}.job where batch_id = :id"
				+ ((status != null) ? " and status = :status" : ""))
			.param("id", batchId)
			.param("status", (status != null) ? status.name() : null)
			.query(Long.class)
			.single();
	}

	/** Members running now (read through the small index of running jobs). */
	long countRunning(UUID batchId) {
		return jdbc.sql("select count(*) from {jobs}.job where status = %s and batch_id = :id"
			.formatted(JobStateMachine.literal(JobStatus.RUNNING)))
			.param("id", batchId)
			.query(Long.class)
			.single();
	}

	/** The batch a job belongs to, as a member or as a callback. */
	Optional<UUID> batchOf(UUID jobId) {
		return jdbc.sql("""
				select batch_id from {jobs}.job where id = :id and batch_id is not null
				union all
				select batch_id from {jobs}.job_batch_callback where job_id = :id
				""")
			.param("id", jobId)
			.query(UUID.class)
			.list()
			.stream()
			.findFirst();
	}

	/**
	 * Batches, newest first.
	 * @param status RUNNING, SUCCEEDED, FAILED, CANCELLED, or {@code null}
	 */
	List<BatchRow> list(String status, String createdBy, int limit, long offset) {
		return jdbc.sql("select " + BatchRow.COLUMNS + " from {jobs}.job_batch b where " + filter(status, createdBy)
				+ " order by created_at desc, id limit :limit offset :offset")
			.param("createdBy", createdBy)
			.param("limit", limit)
			.param("offset", offset)
			.query(BatchRow::map)
			.list();
	}

	long count(String status, String createdBy) {
		return jdbc.sql("select count(*) from {jobs}.job_batch b where " + filter(status, createdBy))
			.param("createdBy", createdBy)
			.query(Long.class)
			.single();
	}

	/** Batches still running: the gauge's count. */
	long countRunning() {
		return jdbc.sql("select count(*) from {jobs}.job_batch where completed_at is null and cancelled_at is null")
			.query(Long.class)
			.single();
	}

	private static String filter(String status, String createdBy) {
		String unsuccessful = "exists (select 1 from {jobs}.job_batch_shard s where s.batch_id = b.id"
				+ " and (s.failed > 0 or s.cancelled > 0))";
		String byStatus = (status == null) ? "true" : switch (status) {
			case "RUNNING" -> "b.completed_at is null and b.cancelled_at is null";
			case "CANCELLED" -> "b.cancelled_at is not null";
			case "SUCCEEDED" -> "b.completed_at is not null and b.cancelled_at is null and not " + unsuccessful;
			case "FAILED" -> "b.completed_at is not null and b.cancelled_at is null and " + unsuccessful;
			default -> throw new IllegalArgumentException("status: no batch status " + status);
		};
		return byStatus + ((createdBy != null) ? " and b.created_by = :createdBy" : "");
	}

	Optional<BatchRow> find(UUID batchId) {
		return jdbc.sql("select " + BatchRow.COLUMNS + " from {jobs}.job_batch where id = :id")
			.param("id", batchId)
			.query(BatchRow::map)
			.optional();
	}

	// ---- what goes in and out ----------------------------------------------------------------------

	/** Changes to one shard's counts: ends (positive) or retries (negative). */
	record ShardDelta(UUID batchId, int shard, int succeeded, int failed, int cancelled) {
	}

	/** A batch's row after a change of its open shards. */
	record Progress(int openShards, boolean cancelled) {
	}

	/** A batch's counts, summed over its shards. */
	record Counts(long members, long succeeded, long failed, long cancelled) {
	}

	/** A callback, its job's type and status, and whether the platform cancelled it because of the batch. */
	record CallbackRow(BatchCallback kind, UUID jobId, String type, JobStatus status, boolean disarmed) {
	}

	/** A batch's own row. */
	record BatchRow(UUID id, String description, String createdBy, boolean sealed, int openShards,
			java.time.Instant createdAt, java.time.Instant completedAt, java.time.Instant cancelledAt) {

		static final String COLUMNS = "id, description, created_by, sealed, open_shards, created_at, completed_at, cancelled_at";

		static BatchRow map(ResultSet rs, int n) throws SQLException {
			return new BatchRow(rs.getObject("id", UUID.class), rs.getString("description"), rs.getString("created_by"),
					rs.getBoolean("sealed"), rs.getInt("open_shards"), JobRow.instant(rs, "created_at"),
					JobRow.instant(rs, "completed_at"), JobRow.instant(rs, "cancelled_at"));
		}

	}

}
