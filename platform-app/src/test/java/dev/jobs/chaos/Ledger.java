package dev.jobs.chaos;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import dev.jobs.core.PlatformSchema;
import org.awaitility.core.ConditionTimeoutException;

import static org.awaitility.Awaitility.await;

/**
 * Reads what happened to a set of jobs straight from the database: final status, successful
 * attempts (from the attempt history) and handler side effects. Opens a fresh connection per
 * question, so it keeps working across a database restart.
 */
final class Ledger {

	record Outcome(int jobs, int succeeded, int lost, int doubled, int rerunEffects, Map<String, Integer> statuses) {
	}

	/** Where the instances keep the platform's tables ({@link AppInstance} passes it as jobs.schema.name). */
	static final PlatformSchema SCHEMA = PlatformSchema.defaultSchema();

	/** A statement on one of {@link #connect()}'s connections, the platform's tables named {@code {jobs}.job}. */
	static PreparedStatement prepare(Connection c, String sql) throws SQLException {
		return c.prepareStatement(SCHEMA.sql(sql));
	}

	static Connection connect() throws SQLException {
		String url = "jdbc:postgresql://" + ChaosSettings.dbHost() + ":" + ChaosSettings.dbPort() + "/"
				+ ChaosSettings.database();
		return DriverManager.getConnection(url, ChaosSettings.dbUser(), ChaosSettings.dbPassword());
	}

	static void ensureDatabase() throws SQLException {
		String url = "jdbc:postgresql://" + ChaosSettings.dbHost() + ":" + ChaosSettings.dbPort() + "/postgres";
		try (Connection c = DriverManager.getConnection(url, ChaosSettings.dbUser(), ChaosSettings.dbPassword());
				PreparedStatement exists = c.prepareStatement("select 1 from pg_database where datname = ?")) {
			exists.setString(1, ChaosSettings.database());
			try (ResultSet rs = exists.executeQuery()) {
				if (!rs.next()) {
					c.createStatement().execute("create database " + ChaosSettings.database());
				}
			}
		}
	}

	/** Waits until every job is terminal; database errors (a restart) are waited out. */
	static void awaitTerminal(Collection<UUID> ids, Duration timeout) {
		AtomicLong open = new AtomicLong(-1);
		try {
			await().atMost(timeout)
				.pollInterval(Duration.ofMillis(250))
				.ignoreExceptionsInstanceOf(SQLException.class) // the database is restarting
				.until(() -> {
					open.set(count("select count(*) from {jobs}.job where id = any(?) and status not in "
							+ "('SUCCEEDED', 'FAILED', 'CANCELLED')", ids));
					return open.get() == 0;
				});
		}
		catch (ConditionTimeoutException ex) {
			throw new AssertionError(open + " of " + ids.size() + " jobs not terminal within " + timeout, ex);
		}
	}

	/** Waits until at least {@code wanted} of the jobs run on the given worker. */
	static void awaitRunningOn(String workerId, Collection<UUID> ids, int wanted, Duration timeout) {
		try {
			await().atMost(timeout)
				.pollInterval(Duration.ofMillis(50))
				.ignoreExceptionsInstanceOf(SQLException.class)
				.until(() -> runningOn(workerId, ids) >= wanted);
		}
		catch (ConditionTimeoutException ex) {
			throw new AssertionError("Fewer than " + wanted + " jobs running on " + workerId + " within " + timeout, ex);
		}
	}

	/** How many of the jobs run on the given worker now (claimed, whether their handler started or not). */
	static long runningOn(String workerId, Collection<UUID> ids) throws SQLException {
		return count("select count(*) from {jobs}.job where id = any(?) and status = 'RUNNING' and worker_id = '"
				+ workerId.replace("'", "") + "'", ids);
	}

	/**
	 * The jobs running on the worker whose handler has started, and those claimed but not started. A
	 * handler reports progress ({@code SLEEP}: within its first 100 ms, the first report is written at
	 * once), so a claim without progress never ran its handler.
	 */
	static Map<Boolean, java.util.Set<UUID>> runningOnByStarted(String workerId, Collection<UUID> ids)
			throws SQLException {
		Map<Boolean, java.util.Set<UUID>> byStarted = new HashMap<>();
		byStarted.put(true, new java.util.HashSet<>());
		byStarted.put(false, new java.util.HashSet<>());
		try (Connection c = connect(); PreparedStatement s = prepare(c,
				"select id, progress_done is not null from {jobs}.job where id = any(?) and status = 'RUNNING' and worker_id = ?")) {
			s.setArray(1, c.createArrayOf("uuid", ids.toArray()));
			s.setString(2, workerId);
			try (ResultSet rs = s.executeQuery()) {
				while (rs.next()) {
					byStarted.get(rs.getBoolean(2)).add(rs.getObject(1, UUID.class));
				}
			}
		}
		return byStarted;
	}

	/** The jobs in the given status. */
	static java.util.Set<UUID> inStatus(String status, Collection<UUID> ids) throws SQLException {
		java.util.Set<UUID> found = new java.util.HashSet<>();
		try (Connection c = connect();
				PreparedStatement s = prepare(c, "select id from {jobs}.job where id = any(?) and status = ?")) {
			s.setArray(1, c.createArrayOf("uuid", ids.toArray()));
			s.setString(2, status);
			try (ResultSet rs = s.executeQuery()) {
				while (rs.next()) {
					found.add(rs.getObject(1, UUID.class));
				}
			}
		}
		return found;
	}

	/** The longest progress a running job on the worker has reported, in its own units (SLEEP: ms). */
	static long mostProgressOn(String workerId, Collection<UUID> ids) throws SQLException {
		return count("select coalesce(max(progress_done), 0) from {jobs}.job where id = any(?) and status = 'RUNNING' "
				+ "and worker_id = '" + workerId.replace("'", "") + "'", ids);
	}

	static Outcome outcome(Collection<UUID> ids) throws SQLException {
		Map<String, Integer> statuses = new HashMap<>();
		int lost = 0;
		int doubled = 0;
		int rerun = 0;
		int succeeded = 0;
		try (Connection c = connect(); PreparedStatement s = prepare(c, """
				select j.status,
				       (select count(*) from {jobs}.job_attempt a where a.job_id = j.id and a.outcome = 'SUCCEEDED') as successes,
				       (select count(*) from {jobs}.job_diagnostic_effect e where e.job_id = j.id) as effects
				  from {jobs}.job j where j.id = any(?)
				""")) {
			s.setArray(1, c.createArrayOf("uuid", ids.toArray()));
			int found = 0;
			try (ResultSet rs = s.executeQuery()) {
				while (rs.next()) {
					found++;
					String status = rs.getString(1);
					statuses.merge(status, 1, Integer::sum);
					if ("SUCCEEDED".equals(status)) {
						succeeded++;
					}
					if (rs.getInt(2) > 1) {
						doubled++;
					}
					if (rs.getInt(3) > 1) {
						rerun++;
					}
				}
			}
			lost = ids.size() - found;
		}
		return new Outcome(ids.size(), succeeded, lost, doubled, rerun, statuses);
	}

	static long count(String sql, Collection<UUID> ids) throws SQLException {
		try (Connection c = connect(); PreparedStatement s = prepare(c, sql)) {
			s.setArray(1, c.createArrayOf("uuid", ids.toArray()));
			try (ResultSet rs = s.executeQuery()) {
				rs.next();
				return rs.getLong(1);
			}
		}
	}

	/** The ids a query with one parameter answers (e.g. a batch's members). */
	static java.util.List<UUID> ids(String sql, UUID parameter) throws SQLException {
		java.util.List<UUID> ids = new java.util.ArrayList<>();
		try (Connection c = connect(); PreparedStatement s = prepare(c, sql)) {
			s.setObject(1, parameter);
			try (ResultSet rs = s.executeQuery()) {
				while (rs.next()) {
					ids.add(rs.getObject(1, UUID.class));
				}
			}
		}
		return ids;
	}

	static int attempts(UUID id) throws SQLException {
		try (Connection c = connect(); PreparedStatement s = prepare(c, "select attempt from {jobs}.job where id = ?")) {
			s.setObject(1, id);
			try (ResultSet rs = s.executeQuery()) {
				rs.next();
				return rs.getInt(1);
			}
		}
	}

	private Ledger() {
	}

}
