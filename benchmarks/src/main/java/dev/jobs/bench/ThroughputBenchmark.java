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
import java.util.UUID;
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
import com.zaxxer.hikari.HikariDataSource;
import dev.jobs.core.JobClient;
import dev.jobs.core.PlatformSchema;

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

	static final String DB_URL = "jdbc:postgresql://" + env("JOBS_DB_HOST", "127.0.0.1") + ":"
			+ env("JOBS_DB_PORT", "5432") + "/";

	public static void main(String[] args) throws Exception {
		int jobs = (args.length > 0) ? Integer.parseInt(args[0]) : 20_000;
		int threads = (args.length > 1) ? Integer.parseInt(args[1]) : 8;
		String appJar = env("BENCH_APP_JAR", "");
		int httpClients = Integer.parseInt(env("BENCH_HTTP_CLIENTS", "16"));
		// Unset: a third of one instance's capacity, as measured by the HTTP run (issue 21's row).
		String fixedLatencyRate = env("BENCH_LATENCY_RATE", "");
		Duration latencyFor = Duration.ofSeconds(Long.parseLong(env("BENCH_LATENCY_SECONDS", "20")));
		String database = env("JOBS_BENCH_DB_NAME", "jobs_bench");
		recreateDatabase(database);

		// BENCH_PARTS=java or http (for profiling one part; "nobulk", "noscale" leave those rows out); only a full
		// run writes the report. BENCH_PARTS=grouping runs and writes only SubmitGrouping's block.
		String parts = env("BENCH_PARTS", "all");
		boolean all = parts.equals("all");
		boolean javaApi = all || parts.contains("java");
		List<Result> throughput = new ArrayList<>();
		// A warm-up of each, then the measured run.
		rawPostgres(database, jobs / 10, threads);
		Result pg = rawPostgres(database, jobs, threads);
		throughput.add(pg);
		rawRabbit(jobs / 10, threads);
		throughput.add(rawRabbit(jobs, threads));
		Result javaApiResult = pg;
		Result submitAllResult = null;
		Result drainResult = null;
		boolean costs = all || parts.contains("costs");
		List<Costs.Cost> costTable = new ArrayList<>();
		if (javaApi || costs || parts.contains("limits")) try (ConfigurableApplicationContext context = SpringApplication.run(ThroughputBenchmark.class)) {
			platform(context, jobs / 10, threads, 1);
			JdbcClient poll = PlatformSchema.defaultSchema().jdbcClient(Peers.dataSource(DB_URL + database, 2));
			if (javaApi) {
				javaApiResult = platform(context, jobs, threads, 1);
				throughput.add(javaApiResult);
				submitAllResult = platform(context, jobs, threads, 100);
				throughput.add(submitAllResult);
				// The drain: jobs already queued, timed from when the workers start (see Drain).
				drainResult = Drain.run("Platform: worker drain, " + jobs + " jobs queued with submitAll while the "
						+ "workers were stopped, until all SUCCEEDED (one instance)", List.of(context), poll, jobs, threads);
				throughput.add(drainResult);
			}
			if (javaApi || parts.contains("limits")) {
				// What a limit across the cluster costs on the claim path: the same drain with a limit that never
				// binds (issue 22). Each limited claim takes the type's lock: claims of the type go one at a time.
				if (!javaApi) {
					throughput.add(Drain.run("Platform: worker drain, " + jobs + " jobs queued, no limit (one instance)",
							List.of(context), poll, jobs, threads));
				}
				throughput.add(Drain.limited("Platform: worker drain, " + jobs + " jobs queued, NOOP with "
						+ "global-concurrency 100000 (never reached; one instance)", context, poll, jobs, threads,
						c -> c.limitGlobalConcurrency("NOOP", 100_000, "benchmark"), "jobs.type.global.concurrency"));
				throughput.add(Drain.limited("Platform: worker drain, " + jobs + " jobs queued, NOOP with "
						+ "rate-limit 100000/1s (never reached; one instance)", context, poll, jobs, threads,
						c -> c.limitRate("NOOP", dev.jobs.core.RateLimit.parse("100000/1s"), "benchmark"),
						"jobs.type.rate.limit"));
			}
			if (costs) {
				costTable.addAll(costs(context, poll, database, jobs, threads));
			}
			if (javaApi && !parts.contains("one-instance")) {
				// A second instance in this JVM: its own pools, consumers and worker id, on the same queue.
				try (ConfigurableApplicationContext second = new org.springframework.boot.builder.SpringApplicationBuilder(
						ThroughputBenchmark.class).properties("spring.datasource.hikari.maximum-pool-size=4").run()) {
					throughput.add(Drain.run("Platform: worker drain, " + jobs + " queued jobs, two instances "
							+ "(two Spring contexts in this JVM, same queue and database)", List.of(context, second), poll,
							jobs, threads));
				}
			}
		}
		List<Result> peers = new ArrayList<>();
		if (all) try (HikariDataSource peerDb = Peers.dataSource(DB_URL + database, threads + 4)) {
			peers.add(Peers.dbScheduler(peerDb, jobs, threads));
			peers.add(Peers.jobRunr(peerDb, jobs, threads));
		}
		throughput.addAll(peers);
		if (all || parts.contains("grouping")) {
			// Single submissions with and without group commit, and submit's latency at low load (SubmitGrouping).
			String grouping = SubmitGrouping.run(database, DB_URL, jobs, threads, pg, peers);
			SubmitGrouping.write(grouping);
			System.out.println(grouping);
		}

		List<HttpBench.Latency> latencies = new ArrayList<>();
		List<Result> scaleOut = new ArrayList<>();
		Result http = null;
		Result bulk = null;
		if (!appJar.isBlank() && (all || parts.contains("http"))) {
			Path dir = Files.createTempDirectory("jobs-benchmark");
			String password = "bench-" + UUID.randomUUID();
			// The application's jar keeps the platform's tables in the default schema.
			JdbcClient jdbc = PlatformSchema.defaultSchema().jdbcClient(Peers.dataSource(DB_URL + database, 2));
			try (HttpBench.Instance a = HttpBench.start(appJar, database, "a", 18280, password, dir)) {
				String token = HttpBench.token(a, password);
				// The application is a fresh process: its JIT compiles for tens of seconds (a profile of a run with a
				// warm-up of a tenth of the jobs found the C2 compiler threads taking the largest share of the app's
				// CPU during the measured requests). Warm it up as the in-process Java API is: BENCH_HTTP_WARMUP jobs.
				int warmUp = Integer.parseInt(env("BENCH_HTTP_WARMUP", String.valueOf(jobs / 2)));
				HttpBench.throughput("warm-up", List.of(a), token, warmUp, httpClients, jdbc);
				http = HttpBench.throughput("Platform: NOOP jobs over POST /api/jobs (API token, " + httpClients
						+ " clients) until all SUCCEEDED", List.of(a), token, jobs, httpClients, jdbc);
				throughput.add(http);
				scaleOut.add(new Result("One instance", http.jobs(), http.wall()));
				// BENCH_PARTS=...nobulk: against an app without the bulk endpoint (a baseline of an older build).
				if (!parts.contains("nobulk")) {
					HttpBench.bulkThroughput("warm-up", List.of(a), token, warmUp, 100, httpClients, jdbc);
					bulk = HttpBench.bulkThroughput("Platform: NOOP jobs over POST /api/jobs/bulk (100 per request, "
							+ "API token, " + httpClients + " clients) until all SUCCEEDED", List.of(a), token, jobs, 100,
							httpClients, jdbc);
					throughput.add(bulk);
				}
				jdbc.sql("truncate {jobs}.job cascade").update();
				int latencyRate = fixedLatencyRate.isBlank() ? (int) Math.max(1, Math.round(http.perSecond() / 3))
						: Integer.parseInt(fixedLatencyRate);
				latencies.add(HttpBench.latency("GET /api/job-types (trivial, authenticated)",
						HttpBench.trivialRequest(a, token), 200, latencyRate, Duration.ofSeconds(3)));
				latencies.clear(); // that was the warm-up
				latencies.add(HttpBench.latency("POST /api/jobs (NOOP)", HttpBench.submitRequest(a, token), 202,
						latencyRate, latencyFor));
				latencies.add(HttpBench.latency("GET /api/job-types (trivial, authenticated)",
						HttpBench.trivialRequest(a, token), 200, latencyRate, latencyFor));
				ThroughputBenchmark.awaitAllSucceeded(jdbc, -1);
				// BENCH_PARTS=...noscale leaves the second instance out (a shorter run for before/after comparisons).
				if (!parts.contains("noscale")) {
					try (HttpBench.Instance b = HttpBench.start(appJar, database, "b", 18290, password, dir)) {
						HttpBench.throughput("warm-up", List.of(b), token, warmUp, httpClients, jdbc);
						scaleOut.add(HttpBench.throughput("Two instances", List.of(a, b), token, jobs, httpClients, jdbc));
					}
				}
			}
		}

		Targets targets = new Targets(pg, drainResult, submitAllResult, javaApiResult, peers, http, bulk, latencies,
				OplogSummary.read(env("BENCH_OPLOG_SUMMARY", "")));
		String report = report(jobs, threads, httpClients, database, pg, throughput, latencies, scaleOut, targets);
		if (all) {
			write(report, "throughput");
			appendRun(targets);
		}
		System.out.println(report);
		if (!costTable.isEmpty()) {
			String table = String.format(Locale.ROOT, "Last run: %s UTC, %d jobs per window; %s%n%n",
					Instant.now().toString().substring(0, 16).replace('T', ' '), jobs, machine(database))
					+ Costs.table(costTable);
			write(table, "costs");
			System.out.println(table);
		}
		// The HTTP client's and the peers' pools keep threads alive; the run is over.
		System.exit(0);
	}

	private static String report(int jobs, int threads, int httpClients, String database, Result pg,
			List<Result> throughput, List<HttpBench.Latency> latencies, List<Result> scaleOut, Targets targets)
			throws Exception {
		StringBuilder out = new StringBuilder();
		out.append(String.format(Locale.ROOT, "Last run: %s UTC, %d jobs per run, %d client threads (Java), %d HTTP clients.%n",
				Instant.now().toString().substring(0, 16).replace('T', ' '), jobs, threads, httpClients));
		out.append("Machine: ").append(machine(database)).append("\n\n");
		out.append("| What | Jobs | Wall time | Jobs/s | Ratio to the raw three-commit PostgreSQL loop |\n");
		out.append("|---|---:|---:|---:|---:|\n");
		for (Result r : throughput) {
			out.append(String.format(Locale.ROOT, "| %s | %d | %.2f s | %.0f | %.2f |%n", r.what(), r.jobs(),
					r.wall().toMillis() / 1000.0, r.perSecond(), r.perSecond() / pg.perSecond()));
		}
		out.append("\n").append(targets.line()).append("\n");
		if (!latencies.isEmpty()) {
			out.append("\n| Submission latency, one instance | Rate | Requests | Failed | p50 | p99 | max |\n");
			out.append("|---|---:|---:|---:|---:|---:|---:|\n");
			for (HttpBench.Latency l : latencies) {
				out.append(String.format(Locale.ROOT, "| %s | %d/s | %d | %d | %.1f ms | %.1f ms | %.1f ms |%n",
						l.what(), l.rate(), l.requests(), l.failed(), l.p50(), l.p99(), l.max()));
			}
		}
		List<Result> drains = throughput.stream().filter(r -> Drain.CPU.containsKey(r.what())).toList();
		if (!drains.isEmpty()) {
			// The capacity model (docs/CAPACITY.md) says a drain is bound by the machine's CPU: jobs/s ≈ cores busy ÷
			// CPU time per job. Measured against it here, with one instance and with two.
			int cores = Runtime.getRuntime().availableProcessors();
			out.append("\n| Capacity check: drain | Instances | Jobs/s | CPU per job, whole machine (PostgreSQL / "
					+ "RabbitMQ / JVM), µs | Cores busy | Model: " + cores + " cores ÷ CPU per job | Measured ÷ model |\n");
			out.append("|---|---:|---:|---:|---:|---:|---:|\n");
			for (Result r : drains) {
				Drain.Measured m = Drain.CPU.get(r.what());
				ProcessCpu.Sample c = m.cpu();
				if (c.machine() < 0) {
					continue;
				}
				double perJob = (double) c.machine() / r.jobs();
				double model = cores * 1e6 / perJob;
				out.append(String.format(Locale.ROOT, "| %s | %d | %.0f | %.0f (%.0f / %.0f / %.0f) | %.2f | %.0f | %.2f |%n",
						r.what(), m.instances(), r.perSecond(), perJob, (double) c.postgres() / r.jobs(),
						(double) c.rabbit() / r.jobs(), (double) c.jvm() / r.jobs(), (double) c.machine() / c.wallMicros(),
						model, r.perSecond() / model));
			}
		}
		if (!scaleOut.isEmpty()) {
			out.append("\n| Scale-out over HTTP (same broker and database) | Jobs | Wall time | Jobs/s | Ratio to one instance |\n");
			out.append("|---|---:|---:|---:|---:|\n");
			for (Result r : scaleOut) {
				out.append(String.format(Locale.ROOT, "| %s | %d | %.2f s | %.0f | %.2f |%n", r.what(), r.jobs(),
						r.wall().toMillis() / 1000.0, r.perSecond(), r.perSecond() / scaleOut.get(0).perSecond()));
			}
		}
		return out.toString();
	}

	/** The open-loop ratios of {@code scripts/benchmark-oplog.sh} of the same suite run, if it ran. */
	record OplogSummary(double rate, double p50, double p99, int rounds) {

		static OplogSummary read(String file) {
			if (file.isBlank() || !Files.exists(Path.of(file))) {
				return null;
			}
			try (var in = Files.newBufferedReader(Path.of(file))) {
				java.util.Properties p = new java.util.Properties();
				p.load(in);
				return new OplogSummary(Double.parseDouble(p.getProperty("oplog.open.rate")),
						Double.parseDouble(p.getProperty("oplog.open.p50")),
						Double.parseDouble(p.getProperty("oplog.open.p99")),
						Integer.parseInt(p.getProperty("oplog.rounds")));
			}
			catch (IOException | RuntimeException ex) {
				return null;
			}
		}

	}

	/** Issue 21's rows, each as a ratio to its baseline of the same run; {@code NaN} where a part did not run. */
	record Targets(Result pg, Result drain, Result submitAll, Result single, List<Result> peers, Result http,
			Result bulk, List<HttpBench.Latency> latencies, OplogSummary oplog) {

		private static double ratio(Result a, Result b) {
			return (a == null || b == null) ? Double.NaN : a.perSecond() / b.perSecond();
		}

		double drainToRaw() {
			return ratio(drain, pg);
		}

		double submitAllToRaw() {
			return ratio(submitAll, pg);
		}

		double singleToRaw() {
			return (single == pg) ? Double.NaN : ratio(single, pg);
		}

		double singleToFasterPeer() {
			Result faster = peers.stream().max(java.util.Comparator.comparingDouble(Result::perSecond)).orElse(null);
			return (single == pg) ? Double.NaN : ratio(single, faster);
		}

		double httpToJava() {
			return (single == pg) ? Double.NaN : ratio(http, single);
		}

		double bulkToSubmitAll() {
			return ratio(bulk, submitAll);
		}

		double p99ToGet() {
			return (latencies.size() == 2) ? latencies.get(0).p99() / latencies.get(1).p99() : Double.NaN;
		}

		String line() {
			StringBuilder out = new StringBuilder("Targets of issue 21 (this run's ratio, the target in brackets): ");
			out.append(String.format(Locale.ROOT, "worker drain %s× the raw loop (≥ 3); submitAll end to end %s× (≥ 2); "
					+ "one submit per job %s× the raw loop (≥ 1) and %s× the faster peer (≥ 1.5); HTTP %s× the Java API "
					+ "(≥ 0.5); HTTP bulk %s× submitAll (≥ 0.8); submit p99 %s× the trivial GET's%s (≤ 2)",
					f(drainToRaw()), f(submitAllToRaw()), f(singleToRaw()), f(singleToFasterPeer()), f(httpToJava()),
					f(bulkToSubmitAll()), f(p99ToGet()),
					(latencies.size() == 2) ? " at " + latencies.get(0).rate() + "/s" : ""));
			if (oplog != null) {
				out.append(String.format(Locale.ROOT, "; @OperationLog in the open loop at %.0f/s, median of %d rounds: "
						+ "p50 %.2f×, p99 %.2f× (≤ 1.10 both)", oplog.rate(), oplog.rounds(), oplog.p50(), oplog.p99()));
			}
			else {
				out.append("; @OperationLog: not run in this suite (scripts/benchmark-oplog.sh)");
			}
			return out.append('.').toString();
		}

		/** This run's line in the table of runs. */
		String row() {
			return String.format(Locale.ROOT, "| %s UTC | %.0f | %s× | %s× | %s× | %s× | %s× | %s× | %s× | %s |",
					Instant.now().toString().substring(0, 16).replace('T', ' '), pg.perSecond(), f(drainToRaw()),
					f(submitAllToRaw()), f(singleToRaw()), f(singleToFasterPeer()), f(httpToJava()), f(bulkToSubmitAll()),
					f(p99ToGet()), (oplog == null) ? "—"
							: String.format(Locale.ROOT, "%.2f× / %.2f×", oplog.p50(), oplog.p99()));
		}

		private static String f(double ratio) {
			return Double.isNaN(ratio) ? "—" : String.format(Locale.ROOT, "%.2f", ratio);
		}

	}

	static final String RUNS_HEADER = """
			| Run | Raw loop (jobs/s) | Drain ÷ raw (≥ 3) | submitAll ÷ raw (≥ 2) | submit ÷ raw (≥ 1) | submit ÷ faster peer (≥ 1.5) | HTTP ÷ Java API (≥ 0.5) | Bulk ÷ submitAll (≥ 0.8) | Submit p99 ÷ GET p99 (≤ 2) | @OperationLog open loop p50 / p99 (≤ 1.10) |
			|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|
			""";

	/** Adds this run's line to the report's table of runs (it keeps the last 12). */
	private static void appendRun(Targets targets) throws IOException {
		Path doc = Path.of(env("JOBS_BENCH_REPORT", "docs/BENCHMARKS.md"));
		String text = Files.exists(doc) ? Files.readString(doc) : "";
		String begin = "<!-- runs:begin -->\n";
		int from = text.indexOf(begin);
		int to = text.indexOf("<!-- runs:end -->");
		List<String> rows = new ArrayList<>();
		if (from >= 0 && to > from) {
			text.substring(from + begin.length(), to).lines().filter(l -> l.startsWith("| 2")).forEach(rows::add);
		}
		rows.add(targets.row());
		while (rows.size() > 12) {
			rows.remove(0);
		}
		write(RUNS_HEADER + String.join("\n", rows) + "\n", "runs");
	}

	static String machine(String database) {
		String cpu = "?";
		String memory = "?";
		try {
			cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
				.findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("?");
			memory = Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal"))
				.findFirst().map(l -> Math.round(Long.parseLong(l.replaceAll("\\D", "")) / 1024.0 / 1024.0) + " GiB")
				.orElse("?");
		}
		catch (IOException ex) {
			// not Linux: leave unknown
		}
		String postgres = "?";
		try (Connection c = DriverManager.getConnection(DB_URL + database, env("JOBS_DB_USER", "postgres"),
				env("JOBS_DB_PASSWORD", "")); ResultSet rs = c.createStatement().executeQuery("show server_version")) {
			rs.next();
			postgres = rs.getString(1);
		}
		catch (Exception ex) {
			// leave unknown
		}
		String rabbit = "?";
		try (com.rabbitmq.client.Connection c = rabbitFactory().newConnection()) {
			rabbit = String.valueOf(c.getServerProperties().get("version"));
		}
		catch (Exception ex) {
			// leave unknown
		}
		return String.format(Locale.ROOT, "%d cores (%s), %s RAM; Java %s; Spring Boot %s; PostgreSQL %s; RabbitMQ %s "
				+ "(PostgreSQL, RabbitMQ, the benchmark and the platform share the machine).",
				Runtime.getRuntime().availableProcessors(), cpu, memory, System.getProperty("java.version"),
				org.springframework.boot.SpringBootVersion.getVersion(), postgres, rabbit);
	}

	record Result(String what, int jobs, Duration wall) {

		double perSecond() {
			return jobs / (wall.toNanos() / 1e9);
		}

	}

	/** Per job: INSERT (commit), UPDATE to running (commit), UPDATE to done (commit). */
	static Result rawPostgres(String database, int jobs, int threads) throws Exception {
		CountingDriver.reset(); // registers it: the loop's statements are counted like the platform's
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
			try (Connection c = DriverManager.getConnection(CountingDriver.PREFIX + DB_URL.substring(5) + database,
					env("JOBS_DB_USER", "postgres"), env("JOBS_DB_PASSWORD", ""));
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
		ConnectionFactory factory = rabbitFactory();
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

	private static ConnectionFactory rabbitFactory() {
		ConnectionFactory factory = new ConnectionFactory();
		factory.setHost(env("JOBS_RABBIT_HOST", "127.0.0.1"));
		factory.setPort(Integer.parseInt(env("JOBS_RABBIT_PORT", "5672")));
		factory.setUsername(env("JOBS_RABBIT_USER", "guest"));
		factory.setPassword(env("JOBS_RABBIT_PASSWORD", "guest"));
		return factory;
	}

	/**
	 * Submits NOOP jobs through the Java API from client threads, one per call ({@code batch} 1) or
	 * {@code batch} per {@link JobClient#submitAll} call; measured until every one succeeded.
	 */
	static Result platform(ConfigurableApplicationContext context, int jobs, int threads, int batch) throws Exception {
		JobClient client = context.getBean(JobClient.class);
		JdbcClient jdbc = context.getBean(PlatformSchema.class).jdbcClient(context.getBean(DataSource.class));
		jdbc.sql("truncate {jobs}.job cascade").update();
		AtomicInteger left = new AtomicInteger(jobs);
		long start = System.nanoTime();
		runParallel(threads, () -> {
			if (batch == 1) {
				while (left.getAndDecrement() > 0) {
					client.submit("NOOP", null);
				}
				return null;
			}
			int take;
			while ((take = Math.min(batch, left.getAndAdd(-batch))) > 0) {
				List<JobClient.JobRequest> requests = new ArrayList<>(take);
				for (int i = 0; i < take; i++) {
					requests.add(JobClient.JobRequest.of("NOOP", null));
				}
				client.submitAll(requests);
			}
			return null;
		});
		long submitted = System.nanoTime();
		awaitAllSucceeded(jdbc, jobs);
		System.out.printf(Locale.ROOT, "platform (batch %d): %d jobs submitted in %.2f s, all succeeded %.2f s later%n",
				batch, jobs, (submitted - start) / 1e9, (System.nanoTime() - submitted) / 1e9);
		String how = (batch == 1) ? "JobClient.submit, one job per call" : "JobClient.submitAll, " + batch + " jobs per call";
		return new Result("Platform, Java API (" + how + ", " + threads + " threads) until all SUCCEEDED", jobs,
				Duration.ofNanos(System.nanoTime() - start));
	}

	/**
	 * Per job: the raw loop, the platform's submission ({@code submitAll}, 100 per call, until confirmed) and its
	 * drain, each in a window of its own (see {@link Costs}).
	 */
	static List<Costs.Cost> costs(ConfigurableApplicationContext context, JdbcClient poll, String database, int jobs,
			int threads) throws Exception {
		Costs none = new Costs(poll, null);
		Costs platform = new Costs(poll, context.getBean(dev.jobs.core.delivery.JobTopology.class).workQueue("NOOP"));
		List<Costs.Cost> out = new ArrayList<>();
		out.add(none.measure("Raw PostgreSQL three-commit loop (insert, running, done)", jobs,
				() -> rawPostgres(database, jobs, threads)));
		// What a message costs the broker alone, next to what a job's message costs it below.
		out.add(none.measure("Raw RabbitMQ: publish with confirms + consume with acks (quorum queue)", jobs,
				() -> rawRabbit(jobs, threads)));
		List<ConfigurableApplicationContext> one = List.of(context);
		poll.sql("truncate {jobs}.job cascade").update();
		context.getBean(dev.jobs.core.delivery.Workers.class).stopConsuming("NOOP");
		out.add(platform.measure("Platform: submitAll (100 per call), published and confirmed", jobs,
				() -> Drain.submit(one, poll, jobs, threads)));
		out.add(platform.measure("Platform: drain of the queued jobs until all SUCCEEDED", jobs,
				() -> Drain.drain("costs", one, poll, jobs)));
		Costs.Cost submit = out.get(2);
		Costs.Cost drain = out.get(3);
		out.add(new Costs.Cost("Platform: the whole job (submitAll and drain, the two rows above)", jobs, submit.statements() + drain.statements(),
				submit.commits() + drain.commits(), submit.heapInserts() + drain.heapInserts(),
				submit.heapUpdates() + drain.heapUpdates(), submit.hotUpdates() + drain.hotUpdates(),
				submit.rowLocks() + drain.rowLocks(), submit.indexEntries() + drain.indexEntries(),
				submit.walBytes() + drain.walBytes(), submit.fpiBytes() + drain.fpiBytes(),
				submit.published() + drain.published(), submit.delivered() + drain.delivered(),
				submit.acked() + drain.acked(), java.util.Map.of(), submit.cpu().plus(drain.cpu())));
		// Single submissions (grouped commits) cost what submitAll does per row, and more per commit.
		poll.sql("truncate {jobs}.job cascade").update();
		context.getBean(dev.jobs.core.delivery.Workers.class).stopConsuming("NOOP");
		out.add(platform.measure("Platform: submit (one job per call, " + threads + " threads), published and confirmed",
				jobs, () -> Drain.submit(one, poll, jobs, threads, 1)));
		Drain.drain("costs, single submissions", one, poll, jobs);
		return out;
	}

	/**
	 * Waits until no job is open any more and {@code expected} jobs (if not negative) succeeded.
	 * Polls through the partial index of active jobs, so polling does not load the machine it measures.
	 */
	static void awaitAllSucceeded(JdbcClient jdbc, int expected) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
		while (System.nanoTime() < deadline) {
			long open = jdbc.sql("select count(*) from {jobs}.job where status in ('PENDING', 'QUEUED', 'RUNNING', 'RETRY_WAIT')")
				.query(Long.class)
				.single();
			if (open == 0) {
				if (expected >= 0) {
					long succeeded = jdbc.sql("select count(*) from {jobs}.job where status = 'SUCCEEDED'").query(Long.class).single();
					if (succeeded != expected) {
						throw new IllegalStateException(succeeded + " of " + expected + " jobs succeeded");
					}
				}
				return;
			}
			Thread.sleep(100);
		}
		throw new IllegalStateException("Jobs still open after 10 minutes");
	}

	interface Work {

		Void run() throws Exception;

	}

	static void runParallel(int threads, Work work) throws Exception {
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

	/** A fresh database each run: the platform's, the baselines' and the peers' tables start empty. */
	static void recreateDatabase(String database) throws Exception {
		try (Connection c = DriverManager.getConnection(DB_URL + "postgres", env("JOBS_DB_USER", "postgres"),
				env("JOBS_DB_PASSWORD", ""))) {
			c.createStatement().execute("drop database if exists " + database + " with (force)");
			c.createStatement().execute("create database " + database);
		}
	}

	private static void write(String table, String marker) throws IOException {
		Path doc = Path.of(env("JOBS_BENCH_REPORT", "docs/BENCHMARKS.md"));
		String begin = "<!-- " + marker + ":begin -->";
		String end = "<!-- " + marker + ":end -->";
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

	static String env(String name, String fallback) {
		String value = System.getenv(name);
		return (value != null && !value.isBlank()) ? value : fallback;
	}

}
