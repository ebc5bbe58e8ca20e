package dev.jobs.core.control;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;

import dev.jobs.core.RateLimit;

import org.springframework.jdbc.core.simple.JdbcClient;

/** Every SQL statement on {@code job_type_control}. */
class TypeControlRows {

	private final JdbcClient jdbc;

	TypeControlRows(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** One type's stored controls. */
	record Row(String type, boolean paused, Instant pausedAt, Duration pausedFor, String pausedBy, Integer concurrency,
			String concurrencyBy, Integer globalConcurrency, RateLimit rateLimit, String limitsBy) {

		static Row none(String type) {
			return new Row(type, false, null, Duration.ZERO, null, null, null, null, null, null);
		}

	}

	List<Row> all() {
		return jdbc.sql("""
				select type, paused, paused_at, paused_by, concurrency, concurrency_by, global_concurrency,
				       rate_permits, rate_period_millis, limits_by,
				       case when paused then extract(epoch from now() - paused_at) * 1000 else 0 end as paused_millis
				from {jobs}.job_type_control
				""").query(this::row).list();
	}

	/** Pausing a paused type keeps when and by whom it was first paused. */
	void pause(String type, String by) {
		jdbc.sql("""
				insert into {jobs}.job_type_control (type, paused, paused_at, paused_by) values (:type, true, now(), :by)
				on conflict (type) do update
				   set paused = true, updated_at = now(),
				       paused_at = case when job_type_control.paused then job_type_control.paused_at else now() end,
				       paused_by = case when job_type_control.paused then job_type_control.paused_by else :by end
				""").param("type", type).param("by", by).update();
	}

	void resume(String type) {
		jdbc.sql("""
				update {jobs}.job_type_control set paused = false, paused_at = null, paused_by = null, updated_at = now()
				 where type = :type
				""").param("type", type).update();
	}

	/** {@code concurrency} {@code null}: back to the configured value. */
	void scale(String type, Integer concurrency, String by) {
		jdbc.sql("""
				insert into {jobs}.job_type_control (type, concurrency, concurrency_by) values (:type, :concurrency, :by)
				on conflict (type) do update
				   set concurrency = excluded.concurrency, concurrency_by = excluded.concurrency_by, updated_at = now()
				""")
			.param("type", type)
			.param("concurrency", concurrency, java.sql.Types.INTEGER)
			.param("by", (concurrency != null) ? by : null, java.sql.Types.VARCHAR)
			.update();
	}

	/** {@code globalConcurrency} {@code null}: back to the configured limit. */
	void limitGlobalConcurrency(String type, Integer globalConcurrency, String by) {
		jdbc.sql("""
				insert into {jobs}.job_type_control (type, global_concurrency, limits_by) values (:type, :limit, :by)
				on conflict (type) do update
				   set global_concurrency = excluded.global_concurrency, limits_by = excluded.limits_by,
				       updated_at = now()
				""")
			.param("type", type)
			.param("limit", globalConcurrency, java.sql.Types.INTEGER)
			.param("by", by)
			.update();
	}

	/**
	 * {@code rate} {@code null}: back to the configured limit. The next start is allowed at once: a new limit
	 * counts from now.
	 */
	void limitRate(String type, RateLimit rate, String by) {
		jdbc.sql("""
				insert into {jobs}.job_type_control (type, rate_permits, rate_period_millis, limits_by)
				values (:type, :permits, :periodMillis, :by)
				on conflict (type) do update
				   set rate_permits = excluded.rate_permits, rate_period_millis = excluded.rate_period_millis,
				       limits_by = excluded.limits_by, next_start_at = null, updated_at = now()
				""")
			.param("type", type)
			.param("permits", (rate != null) ? rate.permits() : null, java.sql.Types.INTEGER)
			.param("periodMillis", (rate != null) ? rate.period().toMillis() : null, java.sql.Types.BIGINT)
			.param("by", by)
			.update();
	}

	private Row row(ResultSet rs, int n) throws SQLException {
		OffsetDateTime pausedAt = rs.getObject("paused_at", OffsetDateTime.class);
		int concurrency = rs.getInt("concurrency");
		Integer override = rs.wasNull() ? null : concurrency;
		return new Row(rs.getString("type"), rs.getBoolean("paused"), (pausedAt != null) ? pausedAt.toInstant() : null,
				Duration.ofMillis(Math.max(0, Math.round(rs.getDouble("paused_millis")))), rs.getString("paused_by"),
				override, rs.getString("concurrency_by"), (Integer) rs.getObject("global_concurrency"),
				(rs.getObject("rate_permits") != null)
						? new RateLimit(rs.getInt("rate_permits"), Duration.ofMillis(rs.getLong("rate_period_millis")))
						: null,
				rs.getString("limits_by"));
	}

}
