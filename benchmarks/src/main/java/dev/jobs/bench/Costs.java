package dev.jobs.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What one job costs the database and the broker, measured, not estimated: statements and commits the
 * platform sends (counted by {@link CountingDriver}), row versions, index entries and WAL bytes (read back from
 * the WAL itself with {@code pg_walinspect}, only the records of the benchmark's database, so other databases'
 * work on a shared server does not count), and broker messages (the work queue's counters in the management
 * API). The capacity model of {@code docs/CAPACITY.md} rests on these figures.
 */
final class Costs {

	private final JdbcClient poll;

	private final String queue;

	private final HttpClient http = HttpClient.newHttpClient();

	Costs(JdbcClient poll, String queue) {
		this.poll = poll;
		this.queue = queue;
		poll.sql("create extension if not exists pg_walinspect").update();
	}

	/** One measured window's figures, in all (divide by {@code jobs}). */
	record Cost(String what, int jobs, long statements, long commits, long heapInserts, long heapUpdates,
			long hotUpdates, long rowLocks, long indexEntries, long walBytes, long fpiBytes, long published,
			long delivered, long acked, Map<String, Long> indexEntriesByRelation, ProcessCpu.Sample cpu) {

		double per(long value) {
			return (double) value / jobs;
		}

		long rowVersions() {
			return heapInserts + heapUpdates + hotUpdates;
		}

	}

	interface Window {

		void run() throws Exception;

	}

	/** Runs {@code window} and measures what it wrote. */
	Cost measure(String what, int jobs, Window window) throws Exception {
		String fromLsn = poll.sql("select pg_current_wal_lsn()::text").query(String.class).single();
		long[] brokerBefore = brokerCounters();
		CountingDriver.reset();
		ProcessCpu.Sample cpuBefore = ProcessCpu.now();
		window.run();
		long windowMicros = System.nanoTime() / 1_000 - cpuBefore.wallMicros();
		Thread.sleep(300); // the backends a window closed have exited and are counted with the postmaster
		ProcessCpu.Sample cpu = ProcessCpu.now().minus(cpuBefore).withWall(windowMicros);
		long statements = CountingDriver.STATEMENTS.sum();
		long commits = CountingDriver.COMMITS.sum();
		String toLsn = poll.sql("select pg_current_wal_lsn()::text").query(String.class).single();
		// pg_walinspect reads only flushed WAL: wait for the window's last records to be (a window that wrote no
		// WAL, as raw RabbitMQ's, may end at an insert position not flushed yet).
		long flushDeadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (!poll.sql("select pg_current_wal_flush_lsn() >= cast(:to as pg_lsn)").param("to", toLsn)
			.query(Boolean.class).single()) {
			if (System.nanoTime() > flushDeadline) {
				toLsn = poll.sql("select pg_current_wal_flush_lsn()::text").query(String.class).single();
				break;
			}
			Thread.sleep(20);
		}
		long[] brokerAfter = awaitBrokerCounters(brokerBefore, jobs);
		Map<String, Long> byRecord = new TreeMap<>();
		Map<String, Long> indexByRelation = new TreeMap<>();
		long[] bytes = new long[2];
		if (!toLsn.equals(fromLsn)) { // a window that wrote nothing has no records to read
			poll.sql("""
					with r as (
					    select xid, resource_manager as rm, record_type as type, record_length as len, fpi_length as fpi,
					           regexp_match(block_ref, 'rel \\d+/(\\d+)/(\\d+)') as rel
					      from pg_get_wal_records_info(cast(:from as pg_lsn), cast(:to as pg_lsn))
					), mine as (
					    select r.* from r, pg_database d
					     where d.datname = current_database() and r.rel[1] = d.oid::text
					), commits as (
					    select r.* from r where r.rm = 'Transaction'
					       and r.xid in (select xid from mine where xid <> 0)
					)
					select m.rm, split_part(replace(m.type, '+INIT', ''), ' ', 1) as type, coalesce(c.relname, m.rel[2]) as relation,
					       count(*) as records, sum(m.len) as bytes, sum(m.fpi) as fpi
					  from (select * from mine union all select * from commits) m
					  left join pg_class c on c.relfilenode::text = m.rel[2]
					 group by 1, 2, 3
					""")
				.param("from", fromLsn)
				.param("to", toLsn)
				.query(rs -> {
					String rm = rs.getString("rm");
					String type = rs.getString("type");
					long records = rs.getLong("records");
					byRecord.merge(rm + "/" + type, records, Long::sum);
					bytes[0] += rs.getLong("bytes");
					bytes[1] += rs.getLong("fpi");
					if (rm.equals("Btree") && isIndexEntry(type)) {
						indexByRelation.merge(rs.getString("relation"), records, Long::sum);
					}
				});
		}
		System.out.printf(Locale.ROOT, "%s, WAL records: %s%n", what, byRecord);
		long indexEntries = indexByRelation.values().stream().mapToLong(Long::longValue).sum();
		return new Cost(what, jobs, statements, commits, byRecord.getOrDefault("Heap/INSERT", 0L),
				byRecord.getOrDefault("Heap/UPDATE", 0L), byRecord.getOrDefault("Heap/HOT_UPDATE", 0L),
				byRecord.getOrDefault("Heap/LOCK", 0L), indexEntries, bytes[0], bytes[1],
				brokerAfter[0] - brokerBefore[0], brokerAfter[1] - brokerBefore[1], brokerAfter[2] - brokerBefore[2],
				indexByRelation, cpu);
	}

	/** A leaf entry written: a plain insert, an insert into a posting list, or the one a page split carries. */
	private static boolean isIndexEntry(String type) {
		return type.equals("INSERT_LEAF") || type.equals("INSERT_POST") || type.startsWith("SPLIT_");
	}

	/** The work queue's publish, deliver and ack counters; the management API updates them every few seconds. */
	private long[] brokerCounters() {
		if (queue == null) {
			return new long[3];
		}
		try {
			String user = ThroughputBenchmark.env("JOBS_RABBIT_USER", "guest");
			String password = ThroughputBenchmark.env("JOBS_RABBIT_PASSWORD", "guest");
			String base = ThroughputBenchmark.env("JOBS_RABBIT_MANAGEMENT_URL",
					"http://" + ThroughputBenchmark.env("JOBS_RABBIT_HOST", "127.0.0.1") + ":15672");
			HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/queues/%2F/" + queue))
				.header("Authorization", "Basic " + Base64.getEncoder()
					.encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)))
				.timeout(Duration.ofSeconds(10))
				.build();
			String body = http.send(request, HttpResponse.BodyHandlers.ofString()).body();
			return new long[] { counter(body, "publish"), counter(body, "deliver_get"), counter(body, "ack") };
		}
		catch (Exception ex) {
			return new long[3];
		}
	}

	private long[] awaitBrokerCounters(long[] before, int jobs) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
		long[] now = brokerCounters();
		while (queue != null && now[2] - before[2] < jobs && System.nanoTime() < deadline) {
			Thread.sleep(500);
			now = brokerCounters();
		}
		return now;
	}

	private static long counter(String json, String name) {
		Matcher m = Pattern.compile("\"" + name + "\":(\\d+)").matcher(json);
		return m.find() ? Long.parseLong(m.group(1)) : 0;
	}

	private static String micros(Cost c, long total) {
		return (total < 0) ? "—" : String.format(Locale.ROOT, "%.0f", c.per(total));
	}

	static String table(List<Cost> costs) {
		StringBuilder out = new StringBuilder();
		out.append("| Per job | Statements | Commits | Row versions (insert / update / HOT update) | Row locks "
				+ "| Index entries | WAL bytes (of which full-page images) | Broker: published / delivered / acked |\n");
		out.append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
		for (Cost c : costs) {
			out.append(String.format(Locale.ROOT, "| %s | %.2f | %.2f | %.2f (%.2f / %.2f / %.2f) | %.2f | %.2f | %.0f (%.0f) | %.2f / %.2f / %.2f |%n",
					c.what(), c.per(c.statements()), c.per(c.commits()), c.per(c.rowVersions()), c.per(c.heapInserts()),
					c.per(c.heapUpdates()), c.per(c.hotUpdates()), c.per(c.rowLocks()), c.per(c.indexEntries()),
					c.per(c.walBytes()), c.per(c.fpiBytes()), c.per(c.published()), c.per(c.delivered()),
					c.per(c.acked())));
		}
		List<String> details = new ArrayList<>();
		for (Cost c : costs) {
			if (c.indexEntriesByRelation().isEmpty()) {
				continue;
			}
			StringBuilder d = new StringBuilder(c.what()).append(": ");
			List<String> parts = new ArrayList<>();
			// Catalog entries of the loop's own "create table if not exists" and "truncate" are not per job.
			c.indexEntriesByRelation().forEach((relation, n) -> {
				if ((double) n / c.jobs() >= 0.005) {
					parts.add(String.format(Locale.ROOT, "%s %.2f", relation, (double) n / c.jobs()));
				}
			});
			details.add(d.append(String.join(", ", parts)).toString());
		}
		out.append("\nIndex entries per job, by index: ").append(String.join("; ", details)).append(".\n");
		int cores = Runtime.getRuntime().availableProcessors();
		out.append("\n| CPU time per job (µs) | PostgreSQL | RabbitMQ | JVM (platform, benchmark clients, JIT, GC) "
				+ "| Whole machine | Window | Cores busy (of " + cores + ") |\n");
		out.append("|---|---:|---:|---:|---:|---:|---:|\n");
		for (Cost c : costs) {
			ProcessCpu.Sample cpu = c.cpu();
			out.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %.2f s | %s |%n", c.what(),
					micros(c, cpu.postgres()), micros(c, cpu.rabbit()), micros(c, cpu.jvm()), micros(c, cpu.machine()),
					cpu.wallMicros() / 1e6, (cpu.machine() < 0) ? "—"
							: String.format(Locale.ROOT, "%.2f", (double) cpu.machine() / cpu.wallMicros())));
		}
		return out.toString();
	}

}
