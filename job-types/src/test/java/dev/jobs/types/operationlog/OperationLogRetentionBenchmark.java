package dev.jobs.types.operationlog;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import dev.jobs.core.PlatformSchema;
import dev.jobs.types.JobTypesSchema;
import dev.jobs.types.operationlog.OperationLogEntry.Outcome;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The retention delete on a million expired rows while the consumer keeps inserting: how long it takes and
 * what it costs the inserts. Not part of the default build; run it with
 * <pre>
 * JOBS_TEST_DB_NAME=... ./mvnw -B -ntp -o -pl job-types -am verify -Dtest=OperationLogRetentionBenchmark \
 *     -Dsurefire.failIfNoSpecifiedTests=false -Dchaos.skip=true -DskipITs -Doplog.retention.bench=true
 * </pre>
 * The figures go to {@code job-types/target/oplog-retention-bench.txt}.
 */
@EnabledIfSystemProperty(named = "oplog.retention.bench", matches = "true")
class OperationLogRetentionBenchmark {

	private static final int EXPIRED = Integer.getInteger("oplog.retention.bench.rows", 1_000_000);

	/** The consumer's batch: one insert of this many entries. */
	private static final int INSERT_BATCH = 200;

	private static final PlatformSchema PLATFORM = OperationLogRetentionTest.PLATFORM;

	private static final Duration INSERT_PAUSE = Duration.ofMillis(50);

	private static final Duration BASELINE = Duration.ofSeconds(20);

	@Test
	void deletingAMillionExpiredEntriesWhileInsertsGoOn() throws Exception {
		DriverManagerDataSource dataSource = OperationLogRetentionTest.dataSource();
		new JobTypesSchema(dataSource, PLATFORM).migrate();
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		OperationLogStore store = new OperationLogStore(jdbc, PLATFORM, JsonMapper.builder().build());
		String run = "bench-" + UUID.randomUUID().toString().substring(0, 8);
		List<String> report = new ArrayList<>();

		// A million entries 100 to 200 days old (retention 90 days), loaded by the database itself.
		long loadStart = System.nanoTime();
		int chunk = 100_000;
		for (int from = 0; from < EXPIRED; from += chunk) {
			jdbc.update(PLATFORM.sql("""
					INSERT INTO {jobs}.operation_log (id, occurred_at, username, action, target, message, outcome, duration_ms,
					                           client_ip, http_method, path)
					SELECT gen_random_uuid(), now() - interval '100 days' - (n * interval '8 seconds'),
					       ? || '-' || (n % 50), 'EMPLOYEE_UPDATE', 'employee-' || n,
					       'changed employee ' || n || ': salary: 12000 -> 13500; department Sales', 'SUCCESS', 3,
					       '10.0.0.1', 'PUT', '/api/employees/' || n
					FROM generate_series(?::int, ?::int) AS n"""), run, from + 1, Math.min(EXPIRED, from + chunk));
		}
		jdbc.execute(PLATFORM.sql("ANALYZE {jobs}.operation_log"));
		long loadMillis = (System.nanoTime() - loadStart) / 1_000_000;
		long total = jdbc.queryForObject(PLATFORM.sql("SELECT count(*) FROM {jobs}.operation_log"), Long.class);
		report.add(String.format("rows loaded: %,d expired (table: %,d rows) in %,d ms", EXPIRED, total, loadMillis));

		OperationLogProperties properties = new OperationLogProperties();
		SimpleMeterRegistry meters = new SimpleMeterRegistry();
		AtomicInteger batches = new AtomicInteger();
		AtomicLong slowestBatch = new AtomicLong();
		OperationLogRetention retention = new OperationLogRetention(dataSource, PLATFORM, properties, meters, Clock.systemUTC()) {
			@Override
			int deleteBatch(Instant cutoff) {
				long start = System.nanoTime();
				int deleted = super.deleteBatch(cutoff);
				slowestBatch.accumulateAndGet((System.nanoTime() - start) / 1_000_000, Math::max);
				batches.incrementAndGet();
				return deleted;
			}
		};
		report.add("plan of one batch (" + properties.getRetentionBatchSize() + " rows):");
		report.add(retention.explain());

		// The consumer: a batch of 200 new entries every 50 ms, each insert timed.
		List<Long> baseline = Collections.synchronizedList(new ArrayList<>());
		List<Long> during = Collections.synchronizedList(new ArrayList<>());
		AtomicBoolean deleting = new AtomicBoolean();
		AtomicBoolean stop = new AtomicBoolean();
		Thread inserter = new Thread(() -> {
			while (!stop.get()) {
				List<OperationLogEntry> entries = new ArrayList<>(INSERT_BATCH);
				for (int i = 0; i < INSERT_BATCH; i++) {
					entries.add(new OperationLogEntry(UUID.randomUUID(), Instant.now(), run + "-live", "EMPLOYEE_UPDATE",
							"employee-" + i, "changed employee " + i + ": salary: 12000 -> 13500", Outcome.SUCCESS, null,
							null, 3, "10.0.0.1", "bench", "PUT", "/api/employees/" + i, null, null, null));
				}
				boolean whileDeleting = deleting.get();
				long start = System.nanoTime();
				store.insert(entries);
				long micros = (System.nanoTime() - start) / 1_000;
				(whileDeleting ? during : baseline).add(micros);
				try {
					Thread.sleep(INSERT_PAUSE.toMillis());
				}
				catch (InterruptedException ex) {
					return;
				}
			}
		}, "bench-inserter");
		inserter.start();
		Thread.sleep(BASELINE.toMillis());

		deleting.set(true);
		long deleteStart = System.nanoTime();
		long deleted = retention.deleteExpired();
		long deleteMillis = (System.nanoTime() - deleteStart) / 1_000_000;
		deleting.set(false);
		stop.set(true);
		inserter.join();

		report.add(String.format("deleted: %,d entries in %d batches of %,d, %,d ms (%,.0f rows/s), slowest batch %,d ms",
				deleted, batches.get(), properties.getRetentionBatchSize(), deleteMillis,
				deleted * 1000.0 / Math.max(1, deleteMillis), slowestBatch.get()));
		report.add("insert of " + INSERT_BATCH + " entries, every " + INSERT_PAUSE.toMillis() + " ms, before the delete: "
				+ latencies(baseline));
		report.add("insert of " + INSERT_BATCH + " entries, every " + INSERT_PAUSE.toMillis() + " ms, during the delete: "
				+ latencies(during));
		long liveRows = jdbc.queryForObject(PLATFORM.sql("SELECT count(*) FROM {jobs}.operation_log WHERE username = ?"), Long.class,
				run + "-live");
		report.add(String.format("entries inserted meanwhile and kept: %,d", liveRows));
		String text = String.join("\n", report) + "\n";
		Path out = Path.of("target", "oplog-retention-bench.txt");
		Files.createDirectories(out.getParent());
		Files.writeString(out, text);
		System.out.println(text);

		assertThat(jdbc.queryForObject(PLATFORM.sql("SELECT count(*) FROM {jobs}.operation_log WHERE username LIKE ? AND username <> ?"),
				Long.class, run + "-%", run + "-live")).isZero();
		assertThat(liveRows).isEqualTo((baseline.size() + during.size()) * (long) INSERT_BATCH);
		jdbc.update(PLATFORM.sql("DELETE FROM {jobs}.operation_log WHERE username = ?"), run + "-live");
	}

	private static String latencies(List<Long> micros) {
		List<Long> sorted = new ArrayList<>(micros);
		Collections.sort(sorted);
		if (sorted.isEmpty()) {
			return "none";
		}
		return String.format("n=%d p50=%.1f ms p95=%.1f ms p99=%.1f ms max=%.1f ms", sorted.size(),
				at(sorted, 0.50) / 1000.0, at(sorted, 0.95) / 1000.0, at(sorted, 0.99) / 1000.0,
				sorted.get(sorted.size() - 1) / 1000.0);
	}

	private static long at(List<Long> sorted, double quantile) {
		return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(quantile * sorted.size()) - 1));
	}

}
