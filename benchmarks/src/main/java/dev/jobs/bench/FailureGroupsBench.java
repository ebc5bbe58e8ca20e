package dev.jobs.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

import com.zaxxer.hikari.HikariDataSource;
import dev.jobs.core.FailureGroups;
import dev.jobs.core.ModuleSchema;
import dev.jobs.core.PlatformSchema;
import dev.jobs.core.job.DefaultFailureGroups;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Failure groups at a million failed jobs (issue 22): the core's migrations on a fresh database, a million FAILED
 * rows in 50 groups (written as a failure writes them: fingerprint on the row, one description per group) next to
 * 200,000 succeeded ones, then the questions the API and the dashboard ask, each timed (median of 7 after a warm-up)
 * and explained ({@code EXPLAIN (ANALYZE, BUFFERS)}). Writes its figures to
 * {@code benchmarks/target/failure-groups-benchmark.md} and prints them. Not a test: nothing here asserts a time.
 *
 * <p>Run with {@code scripts/benchmark-failure-groups.sh} (under {@code flock /tmp/bench.lock} on a shared machine).
 */
public final class FailureGroupsBench {

	private static final int RUNS = 7;

	private FailureGroupsBench() {
	}

	public static void main(String[] args) throws Exception {
		int failed = (args.length > 0) ? Integer.parseInt(args[0]) : 1_000_000;
		int groups = (args.length > 1) ? Integer.parseInt(args[1]) : 50;
		String host = env("JOBS_DB_HOST", "127.0.0.1") + ":" + env("JOBS_DB_PORT", "5432");
		String database = env("BENCH_DB_NAME", "jobs_bench_failuregroups");
		Path out = Path.of(env("BENCH_REPORT", "benchmarks/target/failure-groups-benchmark.md"));
		try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + host + "/postgres",
				env("JOBS_DB_USER", "postgres"), env("JOBS_DB_PASSWORD", ""))) {
			c.createStatement().execute("drop database if exists " + database + " with (force)");
			c.createStatement().execute("create database " + database);
		}
		try (HikariDataSource dataSource = Peers.dataSource("jdbc:postgresql://" + host + "/" + database, 2)) {
			PlatformSchema schema = PlatformSchema.defaultSchema();
			new ModuleSchema(dataSource, schema, "classpath:dev/jobs/core/db/migration", "jobs_schema_history").migrate();
			JdbcClient jdbc = schema.jdbcClient(dataSource);
			StringBuilder report = new StringBuilder();
			report.append(String.format(Locale.ROOT, "Last run: %s UTC; %,d FAILED jobs in %d failure groups over 7 days, "
					+ "next to 200,000 SUCCEEDED jobs; %s%n%n", Instant.now().toString().substring(0, 16).replace('T', ' '),
					failed, groups, machine()));

			long loadStart = System.nanoTime();
			load(jdbc, failed, groups);
			report.append(String.format(Locale.ROOT, "Loading (generate_series, indexes maintained, then VACUUM ANALYZE): "
					+ "%.1f s%n%n", (System.nanoTime() - loadStart) / 1e9));

			// Only the read side is timed: the actions are JobAdmin bulk actions, measured with those.
			FailureGroups failureGroups = new DefaultFailureGroups(jdbc, null);
			String someGroup = failureGroups.list(null, null, 1).get(0).fingerprint();
			Instant hourAgo = Instant.now().minus(Duration.ofHours(1));
			Instant dayAgo = Instant.now().minus(Duration.ofHours(24));
			report.append("| Question | Groups answered | Median | Slowest of ").append(RUNS).append(" |\n|---|---:|---:|---:|\n");
			report.append(row("GET /api/failure-groups (any time, every group, counts of all 1M members)",
					() -> failureGroups.list(null, null, FailureGroups.MAX_LIMIT).size()));
			report.append(row("GET /api/failure-groups?since=PT24H (the page's default window)",
					() -> failureGroups.list(dayAgo, null, FailureGroups.MAX_LIMIT).size()));
			report.append(row("Overview: top 5 groups of the last hour",
					() -> failureGroups.list(hourAgo, null, 5).size()));
			report.append(row("GET /api/failure-groups?type=BILLING&since=PT24H",
					() -> failureGroups.list(dayAgo, "BILLING", 50).size()));
			report.append(row("GET /api/failure-groups/{fingerprint} (count, first/last seen, sample + stack trace)",
					() -> failureGroups.detail(someGroup).isPresent() ? 1 : 0));
			report.append("\nPlans (EXPLAIN (ANALYZE, BUFFERS)):\n\n");
			report.append(explain(jdbc, "Any time, every group", DefaultFailureGroups.listStatement(false, false), null));
			report.append(explain(jdbc, "Last hour (the overview)", DefaultFailureGroups.listStatement(true, false),
					hourAgo));
			Files.createDirectories(out.toAbsolutePath().getParent());
			Files.writeString(out, report.toString());
			System.out.println(report);
		}
	}

	/**
	 * A million failures as the platform writes them: the fingerprint on the row and a description per group. Ages
	 * spread evenly over seven days; types spread over five; half the groups hold most members (a long tail, as
	 * causes have).
	 */
	private static void load(JdbcClient jdbc, int failed, int groups) {
		jdbc.sql("""
				insert into {jobs}.failure_group (fingerprint, type, exception_class, message, frame, first_seen)
				select substr(md5('group-' || g), 1, 20),
				       (array['BILLING','EXPORT','NOTIFY','REPORT','SYNC'])[1 + g % 5],
				       'java.lang.IllegalStateException', 'cause number ' || g || ': <n> not found',
				       'com.example.Handler.handle', now() - interval '7 days'
				  from generate_series(0, :groups - 1) g
				""").param("groups", groups).update();
		jdbc.sql("""
				insert into {jobs}.job (id, type, payload, status, attempt, max_attempts, run_at, created_by, last_error,
				                        created_at, updated_at, finished_at, failure_group)
				select gen_random_uuid(), (array['BILLING','EXPORT','NOTIFY','REPORT','SYNC'])[1 + grp % 5],
				       '{"n": 1}', 'FAILED', 3, 3, ts, 'bench', 'java.lang.IllegalStateException: ' || i || ' not found',
				       ts, ts, ts, substr(md5('group-' || grp), 1, 20)
				  from (select i, (floor(power(random(), 2) * :groups))::int as grp,
				               now() - random() * interval '7 days' as ts
				          from generate_series(1, :failed) i) s
				""").param("groups", groups).param("failed", failed).update();
		jdbc.sql("""
				insert into {jobs}.job (id, type, payload, status, attempt, max_attempts, run_at, created_by, created_at,
				                        updated_at, finished_at)
				select gen_random_uuid(), 'BILLING', '{"n": 1}', 'SUCCEEDED', 1, 3, now(), 'bench', now(), now(), now()
				  from generate_series(1, 200000)
				""").update();
		jdbc.sql("vacuum analyze {jobs}.job").update();
		jdbc.sql("vacuum analyze {jobs}.failure_group").update();
	}

	private static String row(String what, Supplier<Integer> question) {
		question.get();
		List<Long> micros = new ArrayList<>();
		int answered = 0;
		for (int i = 0; i < RUNS; i++) {
			long start = System.nanoTime();
			answered = question.get();
			micros.add((System.nanoTime() - start) / 1000);
		}
		micros.sort(null);
		return String.format(Locale.ROOT, "| %s | %d | %.1f ms | %.1f ms |%n", what, answered,
				micros.get(RUNS / 2) / 1000.0, micros.get(RUNS - 1) / 1000.0);
	}

	private static String explain(JdbcClient jdbc, String title, String sql, Instant since) {
		var spec = jdbc.sql("explain (analyze, buffers) " + sql).param("limit", FailureGroups.MAX_LIMIT);
		if (since != null) {
			spec = spec.param("since", java.time.OffsetDateTime.ofInstant(since, java.time.ZoneOffset.UTC));
		}
		return title + ":\n\n```\n" + String.join("\n", spec.query(String.class).list()) + "\n```\n\n";
	}

	private static String machine() throws IOException {
		String cpu = Files.readAllLines(Path.of("/proc/cpuinfo"))
			.stream()
			.filter(l -> l.startsWith("model name"))
			.findFirst()
			.map(l -> l.substring(l.indexOf(':') + 1).strip())
			.orElse("unknown CPU");
		return String.format(Locale.ROOT, "%d cores, %s, Java %s", Runtime.getRuntime().availableProcessors(), cpu,
				System.getProperty("java.version"));
	}

	private static String env(String name, String fallback) {
		String value = System.getenv(name);
		return (value == null || value.isBlank()) ? fallback : value;
	}

}
