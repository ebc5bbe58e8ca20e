package dev.jobs.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.jobs.core.BatchBuilder;
import dev.jobs.core.BatchCallback;
import dev.jobs.core.BatchSubmission;
import dev.jobs.core.JobClient;
import dev.jobs.core.PlatformSchema;
import dev.jobs.core.SubmitOptions;
import dev.jobs.core.delivery.Workers;

/**
 * Batches (issue 23), everything in one run against the same database and broker: the submit of 10,000 NOOP jobs as
 * one batch next to one {@code submitAll} of the same 10,000 (alternating, median of five each), and 10,000 queued
 * NOOP jobs drained by two instances (two Spring contexts in this JVM) with and without a batch (its callbacks
 * included), with the row updates the batch's tables took per member ({@code pg_stat_user_tables}). Writes
 * {@code benchmarks/target/batches-benchmark.md} and prints it. Not a test: nothing here asserts a time.
 *
 * <p>Run with {@code scripts/benchmark-batches.sh} (under {@code flock /tmp/bench.lock} on a shared machine).
 */
public final class BatchBench {

	private static final String TYPE = "NOOP";

	private static final int ROUNDS = 5;

	private BatchBench() {
	}

	public static void main(String[] args) throws Exception {
		int jobs = (args.length > 0) ? Integer.parseInt(args[0]) : 10_000;
		String database = ThroughputBenchmark.env("JOBS_BENCH_DB_NAME", "jobs_bench");
		Path out = Path.of(ThroughputBenchmark.env("BENCH_REPORT", "benchmarks/target/batches-benchmark.md"));
		ThroughputBenchmark.recreateDatabase(database);
		StringBuilder report = new StringBuilder();
		report.append(String.format(Locale.ROOT, "Last run: %s UTC; %s%n%n",
				Instant.now().toString().substring(0, 16).replace('T', ' '), ThroughputBenchmark.machine(database)));
		try (ConfigurableApplicationContext first = new SpringApplicationBuilder(ThroughputBenchmark.class).run();
				ConfigurableApplicationContext second = new SpringApplicationBuilder(ThroughputBenchmark.class)
					.properties("spring.datasource.hikari.maximum-pool-size=8").run()) {
			List<ConfigurableApplicationContext> both = List.of(first, second);
			JdbcClient poll = PlatformSchema.defaultSchema()
				.jdbcClient(Peers.dataSource(ThroughputBenchmark.DB_URL + database, 2));
			JobClient client = first.getBean(JobClient.class);
			// Messages an earlier run left behind would be drained with these jobs.
			stopWorkers(both);
			first.getBean(org.springframework.amqp.core.AmqpAdmin.class)
				.purgeQueue(first.getBean(dev.jobs.core.delivery.JobTopology.class).workQueue(TYPE), false);

			// The drains first, on queues that hold only their own messages (the submit rounds below leave theirs).
			poll.sql("truncate {jobs}.job, {jobs}.job_batch cascade").update();
			Drain.queue(both, poll, jobs, 8);
			ThroughputBenchmark.Result plain = Drain.drain("no batch", both, poll, jobs);
			poll.sql("truncate {jobs}.job, {jobs}.job_batch cascade").update();
			stopWorkers(both);
			BatchSubmission submitted = batch(client, jobs);
			awaitQueued(poll, jobs);
			poll.sql("select pg_stat_clear_snapshot()").query((rs, n) -> 1).list();
			long updatesBefore = batchTableUpdates(poll);
			long start = System.nanoTime();
			startWorkers(both);
			awaitCallback(poll, submitted.callbacks().get(BatchCallback.ON_SUCCESS));
			Duration batched = Duration.ofNanos(System.nanoTime() - start);
			// The statistics collector reports with a delay: wait for the counts to settle.
			long updates = settledBatchTableUpdates(poll) - updatesBefore;
			double plainRate = jobs / (plain.wall().toNanos() / 1e9);
			double batchRate = jobs / (batched.toNanos() / 1e9);
			report.append("| Drain of ").append(String.format(Locale.ROOT, "%,d", jobs))
				.append(" queued NOOP jobs on two instances (two contexts in this JVM) | Time | Jobs/s | Against no batch |\n")
				.append("|---|---:|---:|---:|\n");
			report.append(String.format(Locale.ROOT, "| No batch, until all SUCCEEDED | %.2f s | %,.0f | 1.00× |%n",
					plain.wall().toNanos() / 1e9, plainRate));
			report.append(String.format(Locale.ROOT, "| One batch, until its ON_SUCCESS callback SUCCEEDED | %.2f s | %,.0f "
					+ "| %.2f× the rate |%n%n", batched.toNanos() / 1e9, batchRate, batchRate / plainRate));
			report.append(String.format(Locale.ROOT, "Row updates of the batch's tables during the batched drain "
					+ "(`job_batch_shard` and `job_batch`, from `pg_stat_user_tables`): %,d, %.3f per member.%n%n",
					updates, (double) updates / jobs));
			// The submit: workers stopped, so only the submission is in the figure.
			stopWorkers(both);
			List<Double> submitAll = new ArrayList<>();
			List<Double> batch = new ArrayList<>();
			timeSubmitAll(client, jobs);
			timeBatch(client, jobs);
			for (int round = 0; round < ROUNDS; round++) {
				poll.sql("truncate {jobs}.job, {jobs}.job_batch cascade").update();
				submitAll.add(timeSubmitAll(client, jobs));
				poll.sql("truncate {jobs}.job, {jobs}.job_batch cascade").update();
				batch.add(timeBatch(client, jobs));
			}
			double all = median(submitAll);
			double asBatch = median(batch);
			report.append("| Submit of ").append(String.format(Locale.ROOT, "%,d", jobs))
				.append(" NOOP jobs, one call, workers stopped | Median of ").append(ROUNDS)
				.append(" | Jobs/s | Against submitAll |\n|---|---:|---:|---:|\n");
			report.append(String.format(Locale.ROOT, "| `submitAll` | %.2f s | %,.0f | 1.00× |%n", all, jobs / all));
			report.append(String.format(Locale.ROOT, "| `batch()` with the same members and three callbacks | %.2f s | %,.0f "
					+ "| %.2f× the time |%n%n", asBatch, jobs / asBatch, asBatch / all));

		}
		Files.createDirectories(out.getParent());
		Files.writeString(out, report.toString());
		System.out.println(report);
		System.exit(0);
	}

	private static double timeSubmitAll(JobClient client, int jobs) {
		List<JobClient.JobRequest> requests = new ArrayList<>(jobs);
		for (int i = 0; i < jobs; i++) {
			requests.add(JobClient.JobRequest.of(TYPE, null));
		}
		long start = System.nanoTime();
		client.submitAll(requests);
		return (System.nanoTime() - start) / 1e9;
	}

	private static double timeBatch(JobClient client, int jobs) {
		long start = System.nanoTime();
		batch(client, jobs);
		return (System.nanoTime() - start) / 1e9;
	}

	private static BatchSubmission batch(JobClient client, int jobs) {
		BatchBuilder builder = client.batch().description("benchmark");
		for (int i = 0; i < jobs; i++) {
			builder.add(TYPE, null, SubmitOptions.defaults());
		}
		return builder.onSuccess(TYPE, null, SubmitOptions.defaults())
			.onComplete(TYPE, null, SubmitOptions.defaults())
			.onFailure(TYPE, null, SubmitOptions.defaults())
			.submit();
	}

	private static void stopWorkers(List<ConfigurableApplicationContext> instances) {
		instances.forEach(i -> i.getBean(Workers.class).stopConsuming(TYPE));
	}

	private static void startWorkers(List<ConfigurableApplicationContext> instances) {
		instances.forEach(i -> i.getBean(Workers.class).startConsuming(TYPE));
	}

	private static void awaitQueued(JdbcClient poll, int jobs) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
		while (poll.sql("select count(*) from {jobs}.job where status = 'QUEUED'").query(Long.class).single() < jobs) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("Members not all queued after 5 minutes");
			}
			Thread.sleep(100);
		}
	}

	private static void awaitCallback(JdbcClient poll, java.util.UUID callback) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
		while (!"SUCCEEDED".equals(poll.sql("select status from {jobs}.job where id = :id").param("id", callback)
			.query(String.class).single())) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("The batch's callback did not succeed within 10 minutes");
			}
			Thread.sleep(20);
		}
	}

	private static long batchTableUpdates(JdbcClient poll) {
		return poll.sql("""
				select coalesce(sum(n_tup_upd), 0) from pg_stat_user_tables
				 where relname in ('job_batch_shard', 'job_batch')
				""").query(Long.class).single();
	}

	private static long settledBatchTableUpdates(JdbcClient poll) throws InterruptedException {
		long last = -1;
		for (int i = 0; i < 20; i++) {
			poll.sql("select pg_stat_clear_snapshot()").query((rs, n) -> 1).list();
			long now = batchTableUpdates(poll);
			if (now == last) {
				return now;
			}
			last = now;
			Thread.sleep(500);
		}
		return last;
	}

	private static double median(List<Double> values) {
		List<Double> sorted = new ArrayList<>(values);
		Collections.sort(sorted);
		return sorted.get(sorted.size() / 2);
	}

}
