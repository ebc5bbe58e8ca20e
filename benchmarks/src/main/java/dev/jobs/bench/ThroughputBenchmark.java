package dev.jobs.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import dev.jobs.core.JobClient;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * End-to-end throughput of the engine (submit {@code NOOP} jobs until all have succeeded) next to
 * two baselines measured in the same run on the same machine: a raw three-commit PostgreSQL loop
 * (insert, mark running, mark done; what any job needs at the least) and raw RabbitMQ (publish
 * with confirms, consume with manual acks). Writes its figures to {@code docs/BENCHMARKS.md}.
 *
 * <p>Run with {@code scripts/benchmark.sh} (arguments: jobs per run, default 20,000; threads,
 * default 8). Not a test: nothing here asserts a time.
 */
@SpringBootApplication
public class ThroughputBenchmark {

	private static final String DB_URL = "jdbc:postgresql://" + env("JOBS_DB_HOST", "127.0.0.1") + ":"
			+ env("JOBS_DB_PORT", "5432") + "/";

	public static void main(String[] args) throws Exception {
		int jobs = (args.length > 0) ? Integer.parseInt(args[0]) : 20_000;
		int threads = (args.length > 1) ? Integer.parseInt(args[1]) : 8;
		String database = env("JOBS_BENCH_DB_NAME", "jobs_bench");
		ensureDatabase(database);

		// A warm-up of each, then the measured run.
		rawPostgres(database, jobs / 10, threads);
		Result pg = rawPostgres(database, jobs, threads);
		rawRabbit(jobs / 10, threads);
		Result rabbit = rawRabbit(jobs, threads);
		Result platform;
		try (ConfigurableApplicationContext context = SpringApplication.run(ThroughputBenchmark.class)) {
			platform(context, jobs / 10, threads);
			platform = platform(context, jobs, threads);
		}

		StringBuilder table = new StringBuilder(String.format(Locale.ROOT,
				"Last run: %s UTC, %d jobs per run, %d client threads, %d cores, Java %s.%n%n",
				Instant.now().toString().substring(0, 16).replace('T', ' '), jobs, threads,
				Runtime.getRuntime().availableProcessors(), System.getProperty("java.version")));
		table.append("| What | Jobs | Wall time | Jobs/s | Ratio to the raw three-commit PostgreSQL loop |\n");
		table.append("|---|---|---|---|---|\n");
		for (Result r : List.of(pg, rabbit, platform)) {
			table.append(String.format(Locale.ROOT, "| %s | %d | %.2f s | %.0f | %.2f |%n", r.what(), r.jobs(),
					r.wall().toMillis() / 1000.0, r.perSecond(), r.perSecond() / pg.perSecond()));
		}
		write(table.toString());
		System.out.println(table);
	}

	record Result(String what, int jobs, Duration wall) {

		double perSecond() {
			return jobs / (wall.toNanos() / 1e9);
		}

	}

	/** Per job: INSERT (commit), UPDATE to running (commit), UPDATE to done (commit). */
	static Result rawPostgres(String database, int jobs, int threads) throws Exception {
		try (Connection c = DriverManager.getConnection(DB_URL + database, env("JOBS_DB_USER", "postgres"),
				env("JOBS_DB_PASSWORD", ""))) {
			c.createStatement().execute("""
					create table if not exists bench_raw_job (id bigserial primary key, status text not null,
					    payload jsonb not null, created_at timestamptz not null default now(),
					    updated_at timestamptz not null default now())""");
			c.createStatement().execute("truncate bench_raw_job");
		}
		AtomicInteger left = new AtomicInteger(jobs);
		long start = System.nanoTime();
		runParallel(threads, () -> {
			try (Connection c = DriverManager.getConnection(DB_URL + database, env("JOBS_DB_USER", "postgres"),
					env("JOBS_DB_PASSWORD", ""));
					PreparedStatement insert = c.prepareStatement(
							"insert into bench_raw_job (status, payload) values ('PENDING', '{}'::jsonb) returning id");
					PreparedStatement run = c.prepareStatement(
							"update bench_raw_job set status = 'RUNNING', updated_at = now() where id = ? and status = 'PENDING'");
					PreparedStatement done = c.prepareStatement(
							"update bench_raw_job set status = 'DONE', updated_at = now() where id = ? and status = 'RUNNING'")) {
				while (left.getAndDecrement() > 0) {
					long id;
					try (ResultSet rs = insert.executeQuery()) {
						rs.next();
						id = rs.getLong(1);
					}
					run.setLong(1, id);
					run.executeUpdate();
					done.setLong(1, id);
					done.executeUpdate();
				}
			}
			return null;
		});
		return new Result("Raw PostgreSQL: three-commit loop (insert, running, done)", jobs,
				Duration.ofNanos(System.nanoTime() - start));
	}

	/** Publish with confirms (waited per batch of 100) and consume with manual acks, in parallel. */
	static Result rawRabbit(int messages, int threads) throws Exception {
		ConnectionFactory factory = new ConnectionFactory();
		factory.setHost(env("JOBS_RABBIT_HOST", "127.0.0.1"));
		factory.setPort(Integer.parseInt(env("JOBS_RABBIT_PORT", "5672")));
		factory.setUsername(env("JOBS_RABBIT_USER", "guest"));
		factory.setPassword(env("JOBS_RABBIT_PASSWORD", "guest"));
		String queue = "jobs-bench.raw";
		try (com.rabbitmq.client.Connection connection = factory.newConnection()) {
			Channel admin = connection.createChannel();
			admin.queueDeclare(queue, true, false, false, java.util.Map.of("x-queue-type", "quorum"));
			admin.queuePurge(queue);
			CountDownLatch consumed = new CountDownLatch(messages);
			Channel consumer = connection.createChannel();
			consumer.basicQos(50);
			consumer.basicConsume(queue, false, new DefaultConsumer(consumer) {
				@Override
				public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties,
						byte[] body) throws IOException {
					getChannel().basicAck(envelope.getDeliveryTag(), false);
					consumed.countDown();
				}
			});
			AtomicInteger left = new AtomicInteger(messages);
			long start = System.nanoTime();
			runParallel(threads, () -> {
				Channel publisher = connection.createChannel();
				publisher.confirmSelect();
				int inBatch = 0;
				byte[] body = "{\"jobId\":\"00000000-0000-0000-0000-000000000000\",\"attempt\":0}".getBytes();
				AMQP.BasicProperties persistent = new AMQP.BasicProperties.Builder().deliveryMode(2).build();
				while (left.getAndDecrement() > 0) {
					publisher.basicPublish("", queue, true, persistent, body);
					if (++inBatch == 100) {
						publisher.waitForConfirmsOrDie(30_000);
						inBatch = 0;
					}
				}
				publisher.waitForConfirmsOrDie(30_000);
				publisher.close();
				return null;
			});
			consumed.await(10, TimeUnit.MINUTES);
			Duration wall = Duration.ofNanos(System.nanoTime() - start);
			consumer.close();
			admin.queueDelete(queue);
			return new Result("Raw RabbitMQ: publish with confirms + consume with acks (quorum queue)", messages, wall);
		}
	}

	/** Submits NOOP jobs through the Java API from client threads; measured until every one succeeded. */
	static Result platform(ConfigurableApplicationContext context, int jobs, int threads) throws Exception {
		JobClient client = context.getBean(JobClient.class);
		JdbcClient jdbc = JdbcClient.create(context.getBean(DataSource.class));
		jdbc.sql("truncate job cascade").update();
		AtomicInteger left = new AtomicInteger(jobs);
		long start = System.nanoTime();
		runParallel(threads, () -> {
			while (left.getAndDecrement() > 0) {
				client.submit("NOOP", null);
			}
			return null;
		});
		long submitted = System.nanoTime();
		long deadline = submitted + TimeUnit.MINUTES.toNanos(10);
		while (System.nanoTime() < deadline) {
			// The partial "waiting" index makes this cheap; polling must not load the machine it measures.
			long open = jdbc.sql("select count(*) from job where status in ('PENDING', 'QUEUED', 'RUNNING', 'RETRY_WAIT')")
				.query(Long.class)
				.single();
			if (open == 0) {
				break;
			}
			Thread.sleep(100);
		}
		System.out.printf(Locale.ROOT, "platform: %d jobs submitted in %.2f s, all succeeded %.2f s later%n", jobs,
				(submitted - start) / 1e9, (System.nanoTime() - submitted) / 1e9);
		return new Result("Platform: NOOP jobs submitted (Java API) until all SUCCEEDED", jobs,
				Duration.ofNanos(System.nanoTime() - start));
	}

	interface Work {

		Void run() throws Exception;

	}

	private static void runParallel(int threads, Work work) throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		try {
			List<Future<Void>> all = new ArrayList<>();
			for (int i = 0; i < threads; i++) {
				all.add(pool.submit(work::run));
			}
			for (Future<Void> f : all) {
				f.get();
			}
		}
		finally {
			pool.shutdownNow();
		}
	}

	private static void ensureDatabase(String database) throws Exception {
		try (Connection c = DriverManager.getConnection(DB_URL + "postgres", env("JOBS_DB_USER", "postgres"),
				env("JOBS_DB_PASSWORD", ""));
				PreparedStatement exists = c.prepareStatement("select 1 from pg_database where datname = ?")) {
			exists.setString(1, database);
			try (ResultSet rs = exists.executeQuery()) {
				if (!rs.next()) {
					c.createStatement().execute("create database " + database);
				}
			}
		}
	}

	private static void write(String table) throws IOException {
		Path doc = Path.of(env("JOBS_BENCH_REPORT", "docs/BENCHMARKS.md"));
		String begin = "<!-- throughput:begin -->";
		String end = "<!-- throughput:end -->";
		String text = Files.exists(doc) ? Files.readString(doc) : "# Benchmarks\n";
		int from = text.indexOf(begin);
		int to = text.indexOf(end);
		String block = begin + "\n" + table + end;
		if (from >= 0 && to > from) {
			text = text.substring(0, from) + block + text.substring(to + end.length());
		}
		else {
			text = text + "\n## Throughput: the engine next to raw PostgreSQL and raw RabbitMQ\n"
					+ "Rerun: `scripts/benchmark.sh [jobs] [threads]` (needs the local PostgreSQL and RabbitMQ).\n\n"
					+ block + "\n";
		}
		Files.writeString(doc, text);
	}

	private static String env(String name, String fallback) {
		String value = System.getenv(name);
		return (value != null && !value.isBlank()) ? value : fallback;
	}

}
