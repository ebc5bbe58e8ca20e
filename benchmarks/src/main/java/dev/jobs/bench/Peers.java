package dev.jobs.bench;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.jobrunr.configuration.JobRunr;
import org.jobrunr.scheduling.BackgroundJob;
import org.jobrunr.server.BackgroundJobServerConfiguration;
import org.jobrunr.storage.sql.postgres.PostgresStorageProvider;
import org.jobrunr.utils.mapper.jackson3.Jackson3JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The engines a Spring team would pick instead, on the same PostgreSQL, with the same number of
 * submitting threads and workers: 20,000 no-op jobs each, timed from the first submission until
 * every job is done as the engine itself records it.
 */
final class Peers {

	private Peers() {
	}

	static final String DB_SCHEDULER_VERSION = "16.7.1";

	static final String JOBRUNR_VERSION = "8.4.2";

	static HikariDataSource dataSource(String url, int poolSize) {
		HikariConfig config = new HikariConfig();
		config.setJdbcUrl(url);
		config.setUsername(ThroughputBenchmark.env("JOBS_DB_USER", "postgres"));
		config.setPassword(ThroughputBenchmark.env("JOBS_DB_PASSWORD", ""));
		config.setMaximumPoolSize(poolSize);
		return new HikariDataSource(config);
	}

	/**
	 * db-scheduler: one-time tasks, scheduled due now by the client threads; {@code threads}
	 * executor threads polling with lock-and-fetch (its recommended strategy on PostgreSQL). A
	 * one-time task's row is deleted when it completes, so "done" is an empty table.
	 */
	static ThroughputBenchmark.Result dbScheduler(DataSource dataSource, int jobs, int threads) throws Exception {
		try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
			s.execute("drop table if exists scheduled_tasks");
			// The table as db-scheduler's PostgreSQL DDL defines it.
			s.execute("""
					create table scheduled_tasks (
					    task_name text not null, task_instance text not null, task_data bytea,
					    execution_time timestamp with time zone not null, picked boolean not null, picked_by text,
					    last_success timestamp with time zone, last_failure timestamp with time zone,
					    consecutive_failures int, last_heartbeat timestamp with time zone, version bigint not null,
					    priority smallint,
					    primary key (task_name, task_instance))""");
			s.execute("create index execution_time_idx on scheduled_tasks (execution_time)");
			s.execute("create index last_heartbeat_idx on scheduled_tasks (last_heartbeat)");
			s.execute("create index priority_execution_time_idx on scheduled_tasks (priority desc, execution_time asc)");
		}
		OneTimeTask<Void> noop = Tasks.oneTime("bench-noop").execute((instance, context) -> {
		});
		Scheduler scheduler = Scheduler.create(dataSource, noop)
			.threads(threads)
			.pollingInterval(Duration.ofMillis(100))
			.pollUsingLockAndFetch(0.5, 1.0)
			.enableImmediateExecution()
			.build();
		scheduler.start();
		JdbcClient jdbc = JdbcClient.create(dataSource);
		try {
			AtomicInteger next = new AtomicInteger();
			long start = System.nanoTime();
			ThroughputBenchmark.runParallel(threads, () -> {
				int i;
				while ((i = next.getAndIncrement()) < jobs) {
					scheduler.schedule(noop.instance("job-" + i), Instant.now());
				}
				return null;
			});
			awaitZero(jdbc, "select count(*) from scheduled_tasks");
			return new ThroughputBenchmark.Result("db-scheduler " + DB_SCHEDULER_VERSION + ": one-time no-op tasks, "
					+ threads + " threads", jobs, Duration.ofNanos(System.nanoTime() - start));
		}
		finally {
			scheduler.stop();
		}
	}

	/**
	 * JobRunr: background jobs enqueued by the client threads, {@code threads} workers, its shortest
	 * poll interval the open-source edition accepts. Done when its table holds them all SUCCEEDED.
	 */
	static ThroughputBenchmark.Result jobRunr(DataSource dataSource, int jobs, int threads) throws Exception {
		JdbcClient jdbc = JdbcClient.create(dataSource);
		jdbc.sql("drop table if exists jobrunr_jobs, jobrunr_recurring_jobs, jobrunr_backgroundjobservers, "
				+ "jobrunr_metadata, jobrunr_migrations cascade").update();
		jdbc.sql("drop view if exists jobrunr_jobs_stats").update();
		Duration poll = Duration.ofSeconds(5);
		JobRunr.configure()
			.useJsonMapper(new Jackson3JsonMapper())
			.useStorageProvider(new PostgresStorageProvider(dataSource))
			.useBackgroundJobServer(BackgroundJobServerConfiguration.usingStandardBackgroundJobServerConfiguration()
				.andWorkerCount(threads)
				.andPollInterval(poll))
			.initialize();
		try {
			AtomicInteger left = new AtomicInteger(jobs);
			long start = System.nanoTime();
			ThroughputBenchmark.runParallel(threads, () -> {
				while (left.getAndDecrement() > 0) {
					BackgroundJob.enqueue(() -> PeerJobs.noop());
				}
				return null;
			});
			awaitZero(jdbc, "select " + jobs + " - count(*) from jobrunr_jobs where state = 'SUCCEEDED'");
			return new ThroughputBenchmark.Result("JobRunr " + JOBRUNR_VERSION + ": no-op background jobs, " + threads
					+ " workers, poll every " + poll.toSeconds() + " s", jobs, Duration.ofNanos(System.nanoTime() - start));
		}
		finally {
			JobRunr.destroy();
		}
	}

	private static void awaitZero(JdbcClient jdbc, String sql) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
		while (System.nanoTime() < deadline) {
			if (jdbc.sql(sql).query(Long.class).single() <= 0) {
				return;
			}
			Thread.sleep(100);
		}
		throw new IllegalStateException("Not done after 10 minutes: " + sql);
	}

}
