package dev.jobs.types.operationlog;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import dev.jobs.core.PlatformSchema;
import dev.jobs.types.JobTypesSchema;
import dev.jobs.types.operationlog.OperationLogEntry.Outcome;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Entries older than jobs.operation-log.retention are deleted in short batches; newer ones stay (real PostgreSQL). */
class OperationLogRetentionTest {

	static DriverManagerDataSource dataSource;

	static JdbcTemplate jdbc;

	static OperationLogStore store;

	/** The instant the test's clock shows: long ago, so rows other tests leave in the database are never expired here. */
	private static final Instant NOW = Instant.parse("2001-06-01T12:00:00Z");

	@BeforeAll
	static void database() {
		dataSource = dataSource();
		new JobTypesSchema(dataSource, PLATFORM).migrate();
		jdbc = new JdbcTemplate(dataSource);
		store = new OperationLogStore(jdbc, PLATFORM, JsonMapper.builder().build());
	}

	/**
	 * The test database; the tables in a platform schema of its own, which the connections' search_path leaves
	 * out (as the application's does), so a statement that names a table without it fails.
	 */
	static DriverManagerDataSource dataSource() {
		String host = System.getenv().getOrDefault("JOBS_DB_HOST", "127.0.0.1");
		String port = System.getenv().getOrDefault("JOBS_DB_PORT", "5432");
		String name = System.getenv().getOrDefault("JOBS_TEST_DB_NAME", "jobs_test");
		String url = "jdbc:postgresql://" + host + ":" + port + "/" + name;
		String user = System.getenv().getOrDefault("JOBS_DB_USER", "postgres");
		String password = System.getenv().getOrDefault("JOBS_DB_PASSWORD", "");
		JdbcTemplate admin = new JdbcTemplate(new DriverManagerDataSource(url, user, password));
		// In public, as a database that has it already: the migration creates it only if missing. A fresh test
		// database where an application context migrated first has it in the platform's schema, which this test's
		// schema cannot see: the test database is disposable, so it is moved where every schema finds it.
		admin.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public");
		String trigramSchema = admin.queryForObject("select n.nspname from pg_extension e join pg_namespace n "
				+ "on n.oid = e.extnamespace where e.extname = 'pg_trgm'", String.class);
		if (!"public".equals(trigramSchema)) {
			admin.execute("ALTER EXTENSION pg_trgm SET SCHEMA public");
		}
		return new DriverManagerDataSource(url, user, password);
	}

	static final PlatformSchema PLATFORM = PlatformSchema.named("operation_log_retention_test");

	static OperationLogEntry entry(String user, Instant at) {
		return new OperationLogEntry(UUID.randomUUID(), at, user, "RETENTION_TEST", "t", "retention test",
				Outcome.SUCCESS, null, null, 1, null, null, null, null, null, null, null);
	}

	@Test
	void entriesOlderThanTheRetentionAreDeletedInBatchesAndNewerOnesKept() {
		String user = "retention-" + UUID.randomUUID();
		OperationLogProperties properties = new OperationLogProperties();
		properties.setRetention(Duration.ofDays(90));
		properties.setRetentionBatchSize(5);
		List<OperationLogEntry> entries = new ArrayList<>();
		List<UUID> kept = new ArrayList<>();
		for (int i = 0; i < 12; i++) {
			entries.add(entry(user, NOW.minus(Duration.ofDays(91 + i))));
		}
		for (int i = 0; i < 4; i++) {
			OperationLogEntry young = entry(user, NOW.minus(Duration.ofDays(89 - i)));
			entries.add(young);
			kept.add(young.id());
		}
		store.insert(entries);
		SimpleMeterRegistry meters = new SimpleMeterRegistry();
		AtomicInteger batches = new AtomicInteger();
		OperationLogRetention retention = new OperationLogRetention(dataSource, PLATFORM, properties, meters,
				Clock.fixed(NOW, ZoneOffset.UTC)) {
			@Override
			int deleteBatch(Instant cutoff) {
				int deleted = super.deleteBatch(cutoff);
				batches.incrementAndGet();
				return deleted;
			}
		};

		long deleted = retention.deleteExpired();

		assertThat(deleted).isGreaterThanOrEqualTo(12);
		assertThat(batches.get()).isGreaterThanOrEqualTo(3);
		assertThat(meters.get("jobs.operation-log.deleted").counter().count()).isEqualTo(deleted);
		assertThat(jdbc.queryForList(PLATFORM.sql("SELECT id FROM {jobs}.operation_log WHERE username = ?"), UUID.class, user))
			.containsExactlyInAnyOrderElementsOf(kept);
		jdbc.update(PLATFORM.sql("DELETE FROM {jobs}.operation_log WHERE username = ?"), user);
	}

	@Test
	void anInstanceSkipsItsRoundWhileAnotherDeletes() throws Exception {
		OperationLogProperties properties = new OperationLogProperties();
		OperationLogRetention retention = new OperationLogRetention(dataSource, PLATFORM, properties, new SimpleMeterRegistry(),
				Clock.fixed(NOW, ZoneOffset.UTC));
		try (var other = dataSource.getConnection()) {
			other.setAutoCommit(false);
			try (var lock = other.createStatement()) {
				lock.execute("SELECT pg_advisory_xact_lock(hashtext('" + OperationLogRetention.LOCK_KEY + "'))");
			}
			assertThat(retention.deleteBatch(NOW)).isEqualTo(-1);
			other.rollback();
		}
		assertThat(retention.deleteBatch(NOW.minus(Duration.ofDays(36500)))).isZero();
	}

	@Test
	void theDeleteWalksTheTimeIndex() {
		OperationLogProperties properties = new OperationLogProperties();
		// A tiny test table would be scanned whole; what counts is that the index can serve the delete.
		String plan = jdbc.execute((org.springframework.jdbc.core.ConnectionCallback<String>) connection -> {
			try (var statement = connection.createStatement()) {
				statement.execute("SET enable_seqscan = off");
				statement.execute("SET enable_bitmapscan = off");
			}
			try (var explain = connection.prepareStatement(PLATFORM.sql("EXPLAIN " + OperationLogRetention.DELETE))) {
				explain.setTimestamp(1, java.sql.Timestamp.from(NOW));
				explain.setInt(2, properties.getRetentionBatchSize());
				StringBuilder lines = new StringBuilder();
				try (var rows = explain.executeQuery()) {
					while (rows.next()) {
						lines.append(rows.getString(1)).append('\n');
					}
				}
				return lines.toString();
			}
		});
		assertThat(plan).contains("Index Scan Backward using operation_log_time");
	}

}
