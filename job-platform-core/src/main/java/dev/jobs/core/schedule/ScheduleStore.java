package dev.jobs.core.schedule;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.jobs.core.job.Payloads;

import org.springframework.jdbc.core.simple.JdbcClient;

/** Every SQL statement on {@code job_schedule}. */
class ScheduleStore {

	private static final String COLUMNS = "id, type, payload::text as payload, cron, zone, fixed_rate_millis, misfire, "
			+ "enabled, source, created_by, next_fire_at, last_fired_at, last_job_id, last_error, created_at";

	private final JdbcClient jdbc;

	private final Payloads payloads;

	ScheduleStore(JdbcClient jdbc, Payloads payloads) {
		this.jdbc = jdbc;
		this.payloads = payloads;
	}

	/** A definition to store: the payload already bound and serialised. */
	record Definition(String id, String type, String payloadJson, String cron, String zone, Duration fixedRate,
			MisfirePolicy misfire, boolean enabled, String source, String createdBy) {
	}

	/** The database's clock: every instance judges due and late by the same time. */
	Instant now() {
		return jdbc.sql("select now()").query(OffsetDateTime.class).single().toInstant();
	}

	/** @return false if a schedule with this id exists */
	boolean insert(Definition d, Instant nextFireAt) {
		return jdbc.sql("""
				insert into {jobs}.job_schedule (id, type, payload, cron, zone, fixed_rate_millis, misfire, enabled, source,
				                          created_by, next_fire_at)
				values (:id, :type, cast(:payload as jsonb), :cron, :zone, :rate, :misfire, :enabled, :source,
				        :createdBy, :next)
				on conflict (id) do nothing
				""").paramSource(params(d, nextFireAt)).update() == 1;
	}

	/**
	 * Inserts or updates a schedule from configuration. The next firing is kept unless the timing
	 * changed, so a restart neither skips nor repeats a firing.
	 * @return false if the id belongs to a schedule created over the API
	 */
	boolean upsertConfigured(Definition d, Instant nextFireAt) {
		return jdbc.sql("""
				insert into {jobs}.job_schedule (id, type, payload, cron, zone, fixed_rate_millis, misfire, enabled, source,
				                          created_by, next_fire_at)
				values (:id, :type, cast(:payload as jsonb), :cron, :zone, :rate, :misfire, :enabled, :source,
				        :createdBy, :next)
				on conflict (id) do update
				   set type = excluded.type, payload = excluded.payload, misfire = excluded.misfire,
				       cron = excluded.cron, zone = excluded.zone,
				       fixed_rate_millis = excluded.fixed_rate_millis, updated_at = now(),
				       next_fire_at = case
				           when (job_schedule.cron, job_schedule.zone, job_schedule.fixed_rate_millis)
				                is distinct from (excluded.cron, excluded.zone, excluded.fixed_rate_millis)
				           then excluded.next_fire_at else job_schedule.next_fire_at end
				 where job_schedule.source = 'CONFIG'
				""").paramSource(params(d, nextFireAt)).update() == 1;
	}

	/** Removes configured schedules that configuration no longer names. */
	int deleteConfiguredExcept(Collection<String> ids) {
		if (ids.isEmpty()) {
			return jdbc.sql("delete from {jobs}.job_schedule where source = 'CONFIG'").update();
		}
		return jdbc.sql("delete from {jobs}.job_schedule where source = 'CONFIG' and id not in (:ids)")
			.param("ids", ids)
			.update();
	}

	private static java.util.Map<String, Object> params(Definition d, Instant nextFireAt) {
		java.util.Map<String, Object> p = new java.util.HashMap<>();
		p.put("id", d.id());
		p.put("type", d.type());
		p.put("payload", d.payloadJson());
		p.put("cron", d.cron());
		p.put("zone", d.zone());
		p.put("rate", (d.fixedRate() != null) ? d.fixedRate().toMillis() : null);
		p.put("misfire", d.misfire().name());
		p.put("enabled", d.enabled());
		p.put("source", d.source());
		p.put("createdBy", d.createdBy());
		p.put("next", Timestamp.from(nextFireAt));
		return p;
	}

	/**
	 * Pauses or resumes a schedule. A resumed schedule fires next at {@code nextFireAt} (its next time after
	 * now): the firings it missed while paused were skipped on purpose, not missed.
	 * @return false if there is no such schedule
	 */
	boolean setEnabled(String id, boolean enabled, Instant nextFireAt) {
		return jdbc.sql("""
				update {jobs}.job_schedule
				   set enabled = :enabled, updated_at = now(),
				       next_fire_at = case when :enabled and not enabled then :next else next_fire_at end
				 where id = :id
				""")
			.param("id", id)
			.param("enabled", enabled)
			.param("next", Timestamp.from(nextFireAt))
			.update() == 1;
	}

	/**
	 * Replaces the trigger, payload and misfire policy of a schedule created over the API. The next firing
	 * moves to {@code nextFireAt} only if the timing changed, so an edit of the payload neither skips nor
	 * repeats a firing.
	 * @return false if there is no such schedule created over the API
	 */
	boolean update(Definition d, Instant nextFireAt) {
		return jdbc.sql("""
				update {jobs}.job_schedule
				   set payload = cast(:payload as jsonb), cron = :cron, zone = :zone, fixed_rate_millis = :rate,
				       misfire = :misfire, updated_at = now(),
				       next_fire_at = case
				           when (cron, zone, fixed_rate_millis)
				                is distinct from (cast(:cron as varchar), cast(:zone as varchar), cast(:rate as bigint))
				           then :next else next_fire_at end
				 where id = :id and source = 'API'
				""").paramSource(params(d, nextFireAt)).update() == 1;
	}

	/** Records the job that "run now" submitted, as the schedule's last job. */
	void recordRunNow(String id, UUID jobId) {
		jdbc.sql("update {jobs}.job_schedule set last_job_id = :jobId, last_error = null, updated_at = now() where id = :id")
			.param("id", id)
			.param("jobId", jobId)
			.update();
	}

	boolean delete(String id) {
		return jdbc.sql("delete from {jobs}.job_schedule where id = :id").param("id", id).update() == 1;
	}

	Optional<Schedule> find(String id) {
		return jdbc.sql("select " + COLUMNS + " from {jobs}.job_schedule where id = :id").param("id", id).query(this::map).optional();
	}

	List<Schedule> list() {
		return jdbc.sql("select " + COLUMNS + " from {jobs}.job_schedule order by id").query(this::map).list();
	}

	/** Ids of enabled schedules whose firing is due, oldest first. */
	List<String> due(int limit) {
		return jdbc.sql("""
				select id from {jobs}.job_schedule where enabled and next_fire_at <= now() order by next_fire_at limit :limit
				""").param("limit", limit).query(String.class).list();
	}

	/**
	 * Locks the schedule if its firing is still due and no other instance holds it; empty when
	 * another instance is firing it or has fired it already.
	 */
	Optional<Schedule> lockDue(String id) {
		return jdbc.sql("select " + COLUMNS + " from {jobs}.job_schedule where id = :id and enabled and next_fire_at <= now() "
				+ "for update skip locked").param("id", id).query(this::map).optional();
	}

	/**
	 * Claims the firing at {@code fireAt} by moving the schedule on to {@code next}: the conditional
	 * UPDATE matches only while the schedule still waits for that firing.
	 * @return whether this call claimed it
	 */
	boolean claim(String id, Instant fireAt, Instant next, UUID jobId, String error) {
		return jdbc.sql("""
				update {jobs}.job_schedule
				   set next_fire_at = :next, last_fired_at = :fireAt, last_job_id = :jobId, last_error = :error,
				       updated_at = now()
				 where id = :id and next_fire_at = :fireAt
				""")
			.param("id", id)
			.param("fireAt", Timestamp.from(fireAt))
			.param("next", Timestamp.from(next))
			.param("jobId", jobId)
			.param("error", error)
			.update() == 1;
	}

	private Schedule map(ResultSet rs, int row) throws SQLException {
		long rate = rs.getLong("fixed_rate_millis");
		Duration fixedRate = rs.wasNull() ? null : Duration.ofMillis(rate);
		return new Schedule(rs.getString("id"), rs.getString("type"), payloads.readTree(rs.getString("payload")),
				rs.getString("cron"), rs.getString("zone"), fixedRate, MisfirePolicy.valueOf(rs.getString("misfire")),
				rs.getBoolean("enabled"), rs.getString("source"), rs.getString("created_by"),
				instant(rs, "next_fire_at"), instant(rs, "last_fired_at"), rs.getObject("last_job_id", UUID.class),
				rs.getString("last_error"), instant(rs, "created_at"));
	}

	private static Instant instant(ResultSet rs, String column) throws SQLException {
		OffsetDateTime time = rs.getObject(column, OffsetDateTime.class);
		return (time != null) ? time.toInstant() : null;
	}

}
