package dev.jobs.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The platform as it is deployed: {@code platform-app} started as its own process (one or two
 * instances on the same broker and database), driven over HTTP with an API token.
 */
final class HttpBench {

	private static final HttpClient HTTP = HttpClient.newBuilder()
		.connectTimeout(Duration.ofSeconds(5))
		.executor(Executors.newFixedThreadPool(8))
		.build();

	private static final String NOOP = "{\"type\": \"NOOP\", \"payload\": {}}";

	private HttpBench() {
	}

	/** One running instance of the platform. */
	record Instance(String name, Process process, int port, Path log) implements AutoCloseable {

		String url(String path) {
			return "http://127.0.0.1:" + port + path;
		}

		@Override
		public void close() throws InterruptedException {
			process.destroy(); // SIGTERM: the graceful stop
			if (!process.waitFor(60, TimeUnit.SECONDS)) {
				process.destroyForcibly();
			}
		}

	}

	static Instance start(String jar, String database, String name, int port, String adminPassword, Path dir)
			throws Exception {
		Path log = dir.resolve(name + ".log");
		List<String> command = new ArrayList<>(List.of("java", "-Xmx512m"));
		String javaOptions = ThroughputBenchmark.env("BENCH_APP_JAVA_OPTS", "");
		if (!javaOptions.isBlank()) {
			command.addAll(List.of(javaOptions.replace("{name}", name).split("\\s+")));
		}
		command.addAll(List.of("-jar", jar, "--server.port=" + port,
				"--management.server.port=" + (port + 1), "--jobs.broker.prefix=jobs-bench",
				"--jobs.diagnostics.enabled=true", "--jobs.worker.id=bench-" + name,
				"--jobs.types.NOOP.concurrency=8", "--jobs.types.NOOP.prefetch=50",
				"--jobs.results.directory=" + dir.resolve(name + "-results"), "--logging.level.root=WARN"));
		ProcessBuilder builder = new ProcessBuilder(command)
			.redirectErrorStream(true)
			.redirectOutput(log.toFile());
		builder.environment().put("JOBS_DB_NAME", database);
		builder.environment().put("JOBS_ADMIN_PASSWORD", adminPassword);
		Process process = builder.start();
		Instance instance = new Instance(name, process, port, log);
		long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
		while (System.nanoTime() < deadline) {
			if (!process.isAlive()) {
				throw new IllegalStateException("Instance " + name + " exited while starting; see " + log);
			}
			try {
				HttpResponse<String> ready = HTTP.send(HttpRequest.newBuilder(
						URI.create("http://127.0.0.1:" + (port + 1) + "/actuator/health/readiness")).GET().build(),
						HttpResponse.BodyHandlers.ofString());
				if (ready.statusCode() == 200) {
					return instance;
				}
			}
			catch (IOException ex) {
				// not listening yet
			}
			Thread.sleep(500);
		}
		instance.close();
		throw new IllegalStateException("Instance " + name + " not ready within 3 minutes; see " + log);
	}

	/** Creates an API token for the admin with HTTP Basic, as the README tells a user to. */
	static String token(Instance instance, String adminPassword) throws Exception {
		String basic = Base64.getEncoder().encodeToString(("admin:" + adminPassword).getBytes(StandardCharsets.UTF_8));
		HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(instance.url("/api/tokens")))
			.header("Authorization", "Basic " + basic)
			.header("Content-Type", "application/json")
			// Expiring: a user holds at most jobs.security.tokens.max-per-user active tokens, and runs reuse the database.
			.POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"benchmark\", \"expiresAt\": \""
					+ java.time.Instant.now().plus(java.time.Duration.ofHours(6)) + "\"}"))
			.build(), HttpResponse.BodyHandlers.ofString());
		Matcher token = Pattern.compile("\"token\"\\s*:\\s*\"([^\"]+)\"").matcher(response.body());
		if (response.statusCode() != 201 && response.statusCode() != 200 || !token.find()) {
			throw new IllegalStateException("Could not create an API token: " + response.statusCode() + " "
					+ response.body());
		}
		return token.group(1);
	}

	/**
	 * {@code jobs} NOOP submissions over {@code POST /api/jobs} from {@code clients} concurrent
	 * clients, spread over the instances, timed until every job is SUCCEEDED.
	 */
	static ThroughputBenchmark.Result throughput(String what, List<Instance> instances, String token, int jobs,
			int clients, JdbcClient jdbc) throws Exception {
		jdbc.sql("truncate {jobs}.job cascade").update();
		AtomicInteger left = new AtomicInteger(jobs);
		AtomicInteger refused = new AtomicInteger();
		AtomicInteger client = new AtomicInteger();
		long start = System.nanoTime();
		ThroughputBenchmark.runParallel(clients, () -> {
			Instance target = instances.get(client.getAndIncrement() % instances.size());
			HttpRequest request = submit(target, token);
			while (left.getAndDecrement() > 0) {
				HttpResponse<Void> response = HTTP.send(request, HttpResponse.BodyHandlers.discarding());
				if (response.statusCode() != 202) {
					refused.incrementAndGet();
				}
			}
			return null;
		});
		long submitted = System.nanoTime();
		if (refused.get() > 0) {
			throw new IllegalStateException(refused.get() + " submissions were refused; see the instances' logs");
		}
		ThroughputBenchmark.awaitAllSucceeded(jdbc, jobs);
		System.out.printf("%s: %d jobs submitted in %.2f s, all succeeded %.2f s later%n", what, jobs,
				(submitted - start) / 1e9, (System.nanoTime() - submitted) / 1e9);
		return new ThroughputBenchmark.Result(what, jobs, Duration.ofNanos(System.nanoTime() - start));
	}

	/**
	 * {@code jobs} NOOP jobs over {@code POST /api/jobs/bulk}, {@code perRequest} to a request, from
	 * {@code clients} concurrent clients, timed until every job is SUCCEEDED.
	 */
	static ThroughputBenchmark.Result bulkThroughput(String what, List<Instance> instances, String token, int jobs,
			int perRequest, int clients, JdbcClient jdbc) throws Exception {
		jdbc.sql("truncate {jobs}.job cascade").update();
		StringBuilder body = new StringBuilder("{\"jobs\": [");
		for (int i = 0; i < perRequest; i++) {
			body.append((i > 0) ? "," : "").append(NOOP);
		}
		String bulk = body.append("]}").toString();
		AtomicInteger requestsLeft = new AtomicInteger(jobs / perRequest);
		AtomicInteger refused = new AtomicInteger();
		AtomicInteger client = new AtomicInteger();
		long start = System.nanoTime();
		ThroughputBenchmark.runParallel(clients, () -> {
			Instance target = instances.get(client.getAndIncrement() % instances.size());
			HttpRequest request = HttpRequest.newBuilder(URI.create(target.url("/api/jobs/bulk")))
				.timeout(Duration.ofSeconds(60))
				.header("Authorization", "Bearer " + token)
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(bulk))
				.build();
			while (requestsLeft.getAndDecrement() > 0) {
				HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
				if (response.statusCode() != 201) {
					if (refused.incrementAndGet() == 1) {
						System.err.println("bulk refused: " + response.statusCode() + " " + response.body());
					}
				}
			}
			return null;
		});
		long submitted = System.nanoTime();
		if (refused.get() > 0) {
			throw new IllegalStateException(refused.get() + " bulk submissions were refused; see the instances' logs");
		}
		int total = (jobs / perRequest) * perRequest;
		ThroughputBenchmark.awaitAllSucceeded(jdbc, total);
		System.out.printf("%s: %d jobs submitted in %.2f s, all succeeded %.2f s later%n", what, total,
				(submitted - start) / 1e9, (System.nanoTime() - submitted) / 1e9);
		return new ThroughputBenchmark.Result(what, total, Duration.ofNanos(System.nanoTime() - start));
	}

	private static HttpRequest submit(Instance instance, String token) {
		return HttpRequest.newBuilder(URI.create(instance.url("/api/jobs")))
			.timeout(Duration.ofSeconds(30))
			.header("Authorization", "Bearer " + token)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(NOOP))
			.build();
	}

	/** Latencies of requests sent at a steady rate, measured from each one's scheduled send time. */
	record Latency(String what, int rate, int requests, int failed, double p50, double p99, double max) {
	}

	static Latency latency(String what, HttpRequest request, int expectedStatus, int perSecond, Duration duration)
			throws Exception {
		int total = (int) (perSecond * duration.toSeconds());
		long intervalNanos = TimeUnit.SECONDS.toNanos(1) / perSecond;
		ConcurrentLinkedQueue<Double> millis = new ConcurrentLinkedQueue<>();
		AtomicInteger failed = new AtomicInteger();
		List<CompletableFuture<?>> all = Collections.synchronizedList(new ArrayList<>());
		ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();
		AtomicInteger sent = new AtomicInteger();
		long begin = System.nanoTime();
		pacer.scheduleAtFixedRate(() -> {
			int n = sent.getAndIncrement();
			if (n >= total) {
				return;
			}
			// Measured from when it should have gone out: a stall of the sender counts (no coordinated omission).
			long due = begin + n * intervalNanos;
			all.add(HTTP.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, ex) -> {
				if (ex != null || response.statusCode() != expectedStatus) {
					failed.incrementAndGet();
				}
				millis.add((System.nanoTime() - due) / 1e6);
			}));
		}, 0, intervalNanos, TimeUnit.NANOSECONDS);
		while (sent.get() < total) {
			Thread.sleep(50);
		}
		pacer.shutdownNow();
		for (CompletableFuture<?> f : List.copyOf(all)) {
			try {
				f.get(30, TimeUnit.SECONDS);
			}
			catch (Exception ex) {
				// counted as failed above
			}
		}
		List<Double> sorted = new ArrayList<>(millis);
		Collections.sort(sorted);
		return new Latency(what, perSecond, sorted.size(), failed.get(), percentile(sorted, 0.50),
				percentile(sorted, 0.99), sorted.isEmpty() ? 0 : sorted.get(sorted.size() - 1));
	}

	static HttpRequest submitRequest(Instance instance, String token) {
		return submit(instance, token);
	}

	static HttpRequest trivialRequest(Instance instance, String token) {
		return HttpRequest.newBuilder(URI.create(instance.url("/api/job-types")))
			.timeout(Duration.ofSeconds(30))
			.header("Authorization", "Bearer " + token)
			.GET()
			.build();
	}

	private static double percentile(List<Double> sorted, double p) {
		if (sorted.isEmpty()) {
			return 0;
		}
		int index = (int) Math.ceil(p * sorted.size()) - 1;
		return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
	}

}
