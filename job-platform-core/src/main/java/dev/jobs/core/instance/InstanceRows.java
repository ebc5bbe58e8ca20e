package dev.jobs.core.instance;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.jobs.core.PlatformInstances.PlatformInstance;
import dev.jobs.core.PlatformInstances.State;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;

/** Every SQL statement on {@code job_instance}. */
class InstanceRows {

	private static final TypeReference<Map<String, Integer>> COUNTS = new TypeReference<>() {
	};

	private final JdbcClient jdbc;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	InstanceRows(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** What one heartbeat says about this instance. */
	record Beat(String id, String host, long pid, String version, Instant startedAt, Map<String, Integer> consumers,
			Map<String, Integer> running, boolean stopped) {
	}

	/** Writes this instance's row; the heartbeat's time is the database's, so every instance judges by one clock. */
	void write(Beat beat) {
		jdbc.sql("""
				insert into {jobs}.job_instance (id, host, pid, version, started_at, last_heartbeat, stopped, consumers, running)
				values (:id, :host, :pid, :version, :startedAt, now(), :stopped, cast(:consumers as jsonb),
				        cast(:running as jsonb))
				on conflict (id) do update set last_heartbeat = now(), stopped = excluded.stopped,
				    consumers = excluded.consumers, running = excluded.running, version = excluded.version
				""")
			.param("id", beat.id())
			.param("host", beat.host())
			.param("pid", beat.pid())
			.param("version", beat.version())
			.param("startedAt", java.sql.Timestamp.from(beat.startedAt()))
			.param("stopped", beat.stopped())
			.param("consumers", JSON.writeValueAsString(beat.consumers()))
			.param("running", JSON.writeValueAsString(beat.running()))
			.update();
	}

	/** Forgets instances whose last heartbeat is older than {@code retention}. */
	int forget(Duration retention) {
		return jdbc.sql("delete from {jobs}.job_instance where last_heartbeat < now() - make_interval(secs => :seconds)")
			.param("seconds", retention.toMillis() / 1000.0)
			.update();
	}

	/** Every instance, live ones first; gone means no heartbeat for longer than {@code goneAfter}. */
	List<PlatformInstance> all(Duration goneAfter) {
		return jdbc.sql("""
				select id, host, pid, version, started_at, last_heartbeat, stopped, consumers::text as consumers,
				       running::text as running,
				       extract(epoch from now() - last_heartbeat) * 1000 as since_millis
				from {jobs}.job_instance
				order by (not stopped and last_heartbeat >= now() - make_interval(secs => :seconds)) desc,
				         last_heartbeat desc, id
				""").param("seconds", goneAfter.toMillis() / 1000.0).query((rs, n) -> instance(rs, goneAfter)).list();
	}

	private PlatformInstance instance(ResultSet rs, Duration goneAfter) throws SQLException {
		Duration since = Duration.ofMillis(Math.max(0, Math.round(rs.getDouble("since_millis"))));
		State state = rs.getBoolean("stopped") ? State.STOPPED
				: since.compareTo(goneAfter) > 0 ? State.GONE : State.LIVE;
		return new PlatformInstance(rs.getString("id"), rs.getString("host"), rs.getLong("pid"),
				rs.getString("version"), rs.getTimestamp("started_at").toInstant(),
				rs.getTimestamp("last_heartbeat").toInstant(), since, state, counts(rs.getString("consumers")),
				counts(rs.getString("running")));
	}

	private Map<String, Integer> counts(String text) {
		return JSON.readValue(text, COUNTS);
	}

}
