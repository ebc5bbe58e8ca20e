package dev.jobs.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import dev.jobs.core.JobClient;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Group commit of single submissions (issue 21): {@code JobClient.submit}, one job per call, with grouping on
 * (the default, {@code jobs.submit.max-group-size} 100) and off (1), in the same run as the raw three-commit loop
 * and db-scheduler; and the latency of one {@code submit} at low load: a lone submitter at a steady 50 calls a
 * second (every call alone), then 1, 2 and 8 threads submitting as fast as they can. Writes its block of
 * {@code docs/BENCHMARKS.md}. Not a test: nothing here asserts a time.
 */
final class SubmitGrouping {

	private SubmitGrouping() {
	}

	record Latency(String grouping, String load, int submits, Duration wall, double p50, double p99, double max) {

		double perSecond() {
			return submits / (wall.toNanos() / 1e9);
		}

	}

	static String run(String database, String dbUrl, int jobs, int threads, ThroughputBenchmark.Result pg,
			List<ThroughputBenchmark.Result> peersAlready) throws Exception {
		List<ThroughputBenchmark.Result> peers = new ArrayList<>(peersAlready);
		if (peers.isEmpty()) {
			try (HikariDataSource peerDb = Peers.dataSource(dbUrl + database, threads + 4)) {
				peers.add(Peers.dbScheduler(peerDb, jobs, threads));
			}
		}
		List<ThroughputBenchmark.Result> throughput = new ArrayList<>();
		List<Latency> latencies = new ArrayList<>();
		for (int groupSize : new int[] { 100, 1 }) {
			String grouping = (groupSize > 1) ? "grouped (max " + groupSize + ")" : "each alone";
			try (ConfigurableApplicationContext context = new SpringApplicationBuilder(ThroughputBenchmark.class)
				.properties("jobs.submit.max-group-size=" + groupSize)
				.run()) {
				ThroughputBenchmark.platform(context, jobs / 10, threads, 1);
				ThroughputBenchmark.Result r = ThroughputBenchmark.platform(context, jobs, threads, 1);
				throughput.add(new ThroughputBenchmark.Result("JobClient.submit, one job per call, " + threads
						+ " threads, " + grouping + ", until all SUCCEEDED", r.jobs(), r.wall()));
				JobClient client = context.getBean(JobClient.class);
				JdbcClient jdbc = context.getBean(dev.jobs.core.PlatformSchema.class).jdbcClient(context.getBean(DataSource.class));
				latencies.add(paced(client, jdbc, grouping, 50, Duration.ofSeconds(10)));
				for (int t : new int[] { 1, 2, 8 }) {
					latencies.add(closedLoop(client, jdbc, grouping, t, Math.max(2000, jobs / 10)));
				}
			}
		}
		return report(jobs, threads, pg, peers, throughput, latencies);
	}

	/** One submitter at a steady rate: each call finds nobody committing, so it commits alone. */
	private static Latency paced(JobClient client, JdbcClient jdbc, String grouping, int rate, Duration duration)
			throws InterruptedException {
		int count = (int) (rate * duration.toSeconds());
		long[] nanos = new long[count];
		long interval = TimeUnit.SECONDS.toNanos(1) / rate;
		long start = System.nanoTime();
		for (int i = 0; i < count; i++) {
			long due = start + i * interval;
			long wait = due - System.nanoTime();
			if (wait > 0) {
				LockSupport.parkNanos(wait); // the benchmark's pace, not a wait for a condition
			}
			long t0 = System.nanoTime();
			client.submit("NOOP", null);
			nanos[i] = System.nanoTime() - t0;
		}
		Duration wall = Duration.ofNanos(System.nanoTime() - start);
		ThroughputBenchmark.awaitAllSucceeded(jdbc, -1);
		return latency(grouping, "1 thread, " + rate + " calls/s (lone calls)", nanos, wall);
	}

	/** {@code threads} submitters, each calling again as soon as its call returned. */
	private static Latency closedLoop(JobClient client, JdbcClient jdbc, String grouping, int threads, int submits)
			throws Exception {
		jdbc.sql("truncate {jobs}.job cascade").update();
		AtomicInteger left = new AtomicInteger(submits);
		ConcurrentLinkedQueue<long[]> all = new ConcurrentLinkedQueue<>();
		long start = System.nanoTime();
		ThroughputBenchmark.runParallel(threads, () -> {
			long[] mine = new long[submits];
			int n = 0;
			while (left.getAndDecrement() > 0) {
				long t0 = System.nanoTime();
				client.submit("NOOP", null);
				mine[n++] = System.nanoTime() - t0;
			}
			all.add(Arrays.copyOf(mine, n));
			return null;
		});
		Duration wall = Duration.ofNanos(System.nanoTime() - start);
		ThroughputBenchmark.awaitAllSucceeded(jdbc, submits);
		long[] nanos = all.stream().flatMapToLong(Arrays::stream).toArray();
		return latency(grouping, threads + " thread" + ((threads > 1) ? "s" : "") + ", closed loop", nanos, wall);
	}

	private static Latency latency(String grouping, String load, long[] nanos, Duration wall) {
		long[] sorted = nanos.clone();
		Arrays.sort(sorted);
		return new Latency(grouping, load, sorted.length, wall, percentile(sorted, 0.50), percentile(sorted, 0.99),
				sorted[sorted.length - 1] / 1e6);
	}

	private static double percentile(long[] sorted, double p) {
		int index = (int) Math.ceil(p * sorted.length) - 1;
		return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
	}

	private static String report(int jobs, int threads, ThroughputBenchmark.Result pg,
			List<ThroughputBenchmark.Result> peers, List<ThroughputBenchmark.Result> throughput, List<Latency> latencies) {
		StringBuilder out = new StringBuilder();
		out.append(String.format(Locale.ROOT, "Last run: %s UTC, %d jobs per run, %d client threads.%n%n",
				Instant.now().toString().substring(0, 16).replace('T', ' '), jobs, threads));
		out.append("| What | Jobs | Wall time | Jobs/s | Ratio to the raw loop | Ratio to db-scheduler |\n");
		out.append("|---|---:|---:|---:|---:|---:|\n");
		double peer = peers.stream().mapToDouble(ThroughputBenchmark.Result::perSecond).max().orElse(Double.NaN);
		List<ThroughputBenchmark.Result> rows = new ArrayList<>();
		rows.add(pg);
		rows.addAll(peers);
		rows.addAll(throughput);
		for (ThroughputBenchmark.Result r : rows) {
			out.append(String.format(Locale.ROOT, "| %s | %d | %.2f s | %.0f | %.2f | %.2f |%n", r.what(), r.jobs(),
					r.wall().toMillis() / 1000.0, r.perSecond(), r.perSecond() / pg.perSecond(), r.perSecond() / peer));
		}
		out.append("\n| submit latency (NOOP) | Commits | Load | Calls | Calls/s | p50 | p99 | max |\n");
		out.append("|---|---|---|---:|---:|---:|---:|---:|\n");
		for (Latency l : latencies) {
			out.append(String.format(Locale.ROOT, "| JobClient.submit | %s | %s | %d | %.0f | %.2f ms | %.2f ms | %.1f ms |%n",
					l.grouping(), l.load(), l.submits(), l.perSecond(), l.p50(), l.p99(), l.max()));
		}
		return out.toString();
	}

	static void write(String block) throws IOException {
		Path doc = Path.of(ThroughputBenchmark.env("JOBS_BENCH_REPORT", "docs/BENCHMARKS.md"));
		String begin = "<!-- submit-grouping:begin -->";
		String end = "<!-- submit-grouping:end -->";
		String text = Files.readString(doc);
		int from = text.indexOf(begin);
		int to = text.indexOf(end);
		if (from < 0 || to < from) {
			throw new IllegalStateException(doc + " has no " + begin + " … " + end + " block");
		}
		Files.writeString(doc, text.substring(0, from) + begin + "\n" + block + end + text.substring(to + end.length()));
	}

}
