package dev.jobs.bench.tracing;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpServer;
import dev.jobs.app.JobsPlatformApplication;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What tracing costs (not a test; docs/BENCHMARKS.md, section "tracing"): the platform started without tracing and
 * with it (100% sampling, every span exported over OTLP/HTTP to a sink in this JVM that reads and discards each
 * request), in alternating rounds of one run. Each round: {@code --threads} clients POST {@code NOOP} jobs to
 * {@code /api/jobs} for {@code --phase-seconds} (closed loop), then the drain of every job to {@code SUCCEEDED}.
 * Reported: submissions/s and the request's p50/p99, jobs finished per second end to end (first submit to last
 * success), and the spans' bytes the sink received. The figures replace the part of {@code --doc} between
 * {@code <!-- tracing:begin -->} and {@code <!-- tracing:end -->}.
 */
public final class TracingBenchmark {

	private TracingBenchmark() {
	}

	record Phase(String mode, int round, int submitted, double seconds, double p50, double p99, double endToEnd,
			long spanBytes, long exports) {
	}

	public static void main(String[] args) throws Exception {
		Map<String, String> options = new LinkedHashMap<>();
		for (int i = 0; i + 1 < args.length; i += 2) {
			options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
		}
		int threads = Integer.parseInt(options.getOrDefault("threads", "8"));
		int phaseSeconds = Integer.parseInt(options.getOrDefault("phase-seconds", "15"));
		int rounds = Integer.parseInt(options.getOrDefault("rounds", "2"));
		String adminPassword = "bench-admin-" + UUID.randomUUID();
		AtomicLong bytes = new AtomicLong();
		AtomicLong exports = new AtomicLong();
		HttpServer sink = otlpSink(bytes, exports);
		List<Phase> phases = new ArrayList<>();
		try {
			for (int round = 1; round <= rounds; round++) {
				for (String mode : List.of("off", "on")) {
					long bytesBefore = bytes.get();
					long exportsBefore = exports.get();
					Phase phase = run(options, mode, round, threads, phaseSeconds, adminPassword,
							sink.getAddress().getPort());
					phase = new Phase(phase.mode(), round, phase.submitted(), phase.seconds(), phase.p50(), phase.p99(),
							phase.endToEnd(), bytes.get() - bytesBefore, exports.get() - exportsBefore);
					phases.add(phase);
					System.out.printf(Locale.ROOT,
							"tracing %s round %d: %d jobs, %.0f submits/s, p50 %.2f ms, p99 %.2f ms, %.0f jobs/s end to end, "
									+ "%d span bytes in %d exports%n",
							mode, round, phase.submitted(), phase.submitted() / phase.seconds(), phase.p50(), phase.p99(),
							phase.endToEnd(), phase.spanBytes(), phase.exports());
				}
			}
		}
		finally {
			sink.stop(0);
		}
		String section = section(phases, threads, phaseSeconds, options.getOrDefault("machine", ""));
		System.out.println(section);
		if (options.containsKey("doc")) {
			writeSection(Path.of(options.get("doc")), section);
		}
	}

	/** An OTLP/HTTP receiver that reads every export whole, counts it and answers an empty success. */
	private static HttpServer otlpSink(AtomicLong bytes, AtomicLong exports) throws Exception {
		HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		server.createContext("/v1/traces", exchange -> {
			try (InputStream in = exchange.getRequestBody()) {
				bytes.addAndGet(in.readAllBytes().length);
			}
			exports.incrementAndGet();
			exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
			exchange.sendResponseHeaders(200, -1);
			exchange.close();
		});
		server.start();
		return server;
	}

	private static Phase run(Map<String, String> options, String mode, int round, int threads, int phaseSeconds,
			String adminPassword, int sinkPort) throws Exception {
		List<String> args = new ArrayList<>(List.of("--spring.datasource.url=" + options.get("jdbc"),
				"--jobs.broker.prefix=" + options.get("prefix"), "--server.port=0", "--management.server.port=0",
				"--jobs.diagnostics.enabled=true",
				"--jobs.operation-log.journal-directory=" + Files.createTempDirectory("tracing-bench-journal"),
				"--JOBS_ADMIN_PASSWORD=" + adminPassword, "--logging.level.root=WARN", "--logging.level.dev.jobs=WARN",
				"--jobs.tracing.enabled=" + mode.equals("on"),
				"--management.tracing.sampling.probability=" + (mode.equals("on") ? "1.0" : "0.0")));
		if (mode.equals("on")) {
			args.add("--management.opentelemetry.tracing.export.otlp.endpoint=http://127.0.0.1:" + sinkPort + "/v1/traces");
		}
		ConfigurableApplicationContext app = new SpringApplicationBuilder(JobsPlatformApplication.class)
			.run(args.toArray(String[]::new));
		try {
			int port = ((WebServerApplicationContext) app).getWebServer().getPort();
			JdbcClient jdbc = app.getBean(dev.jobs.core.PlatformSchema.class).jdbcClient(app.getBean(javax.sql.DataSource.class));
			String token = token(port, adminPassword);
			load(port, token, threads, 5); // warm-up
			awaitDrained(jdbc, Duration.ofMinutes(5));
			Instant start = Instant.now();
			long[][] latencies = load(port, token, threads, phaseSeconds);
			double seconds = Duration.between(start, Instant.now()).toNanos() / 1e9;
			awaitDrained(jdbc, Duration.ofMinutes(5));
			Instant lastEnd = jdbc.sql("select max(finished_at) from {jobs}.job where type = 'NOOP' and created_at >= :start")
				.param("start", java.sql.Timestamp.from(start))
				.query(java.sql.Timestamp.class)
				.single()
				.toInstant();
			long[] all = Arrays.stream(latencies).flatMapToLong(Arrays::stream).sorted().toArray();
			double endToEnd = all.length / (Duration.between(start, lastEnd).toNanos() / 1e9);
			return new Phase(mode, round, all.length, seconds, percentile(all, 0.50), percentile(all, 0.99), endToEnd, 0,
					0);
		}
		finally {
			app.close();
		}
	}

	private static void awaitDrained(JdbcClient jdbc, Duration timeout) {
		org.awaitility.Awaitility.await("every NOOP job succeeded").atMost(timeout).pollInterval(Duration.ofMillis(100))
			.until(() -> jdbc.sql("select count(*) from {jobs}.job where type = 'NOOP' and status <> 'SUCCEEDED'")
				.query(Long.class)
				.single() == 0);
	}

	/** Closed loop: each thread submits its next job when the last submission answered. */
	private static long[][] load(int port, String token, int threads, int seconds) throws Exception {
		HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/jobs"))
			.header("Authorization", "Bearer " + token)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"type\": \"NOOP\"}"))
			.build();
		long[][] perThread = new long[threads][];
		long end = System.nanoTime() + seconds * 1_000_000_000L;
		List<Thread> workers = new ArrayList<>();
		for (int t = 0; t < threads; t++) {
			int index = t;
			Thread worker = new Thread(() -> {
				long[] samples = new long[1 << 16];
				int n = 0;
				while (System.nanoTime() < end) {
					long sent = System.nanoTime();
					try {
						HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
						if (response.statusCode() != 202) {
							throw new IllegalStateException("POST /api/jobs answered " + response.statusCode());
						}
					}
					catch (Exception ex) {
						throw new IllegalStateException(ex);
					}
					if (n == samples.length) {
						samples = Arrays.copyOf(samples, n * 2);
					}
					samples[n++] = System.nanoTime() - sent;
				}
				perThread[index] = Arrays.copyOf(samples, n);
			});
			workers.add(worker);
			worker.start();
		}
		for (Thread worker : workers) {
			worker.join();
		}
		return perThread;
	}

	private static double percentile(long[] sortedNanos, double p) {
		if (sortedNanos.length == 0) {
			return 0;
		}
		int index = (int) Math.min(sortedNanos.length - 1, Math.ceil(p * sortedNanos.length) - 1);
		return sortedNanos[Math.max(0, index)] / 1e6;
	}

	private static String token(int port, String adminPassword) throws Exception {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/tokens"))
				.header("Authorization", "Basic " + Base64.getEncoder()
					.encodeToString(("admin:" + adminPassword).getBytes(StandardCharsets.UTF_8)))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"bench-" + UUID.randomUUID() + "\", \"expiresAt\":\""
						+ Instant.now().plus(Duration.ofHours(6)) + "\"}"))
				.build(), HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() != 201) {
			throw new IllegalStateException("Could not create a bench token: " + response.statusCode() + " " + response.body());
		}
		return JsonMapper.builder().build().readTree(response.body()).get("token").asString();
	}

	private static String section(List<Phase> phases, int threads, int phaseSeconds, String machine) {
		StringBuilder md = new StringBuilder();
		md.append(String.format(Locale.ROOT, "%s %d client threads, closed loop, %d s per phase; rounds alternate "
				+ "without and with tracing (a fresh start each).%n%n", machine, threads, phaseSeconds));
		md.append("| Tracing | Round | Jobs | Submits/s | p50 ms | p99 ms | Jobs/s end to end | Span bytes exported |\n"
				+ "|---|---:|---:|---:|---:|---:|---:|---:|\n");
		for (Phase p : phases) {
			md.append(String.format(Locale.ROOT, "| %s | %d | %d | %.0f | %.2f | %.2f | %.0f | %d |%n", p.mode(), p.round(),
					p.submitted(), p.submitted() / p.seconds(), p.p50(), p.p99(), p.endToEnd(), p.spanBytes()));
		}
		double offSubmits = mean(phases, "off", p -> p.submitted() / p.seconds());
		double onSubmits = mean(phases, "on", p -> p.submitted() / p.seconds());
		double offJobs = mean(phases, "off", Phase::endToEnd);
		double onJobs = mean(phases, "on", Phase::endToEnd);
		double offP50 = mean(phases, "off", Phase::p50);
		double onP50 = mean(phases, "on", Phase::p50);
		md.append(String.format(Locale.ROOT, "%n| Mean of the rounds | Without | With | With / without |%n|---|---:|---:|---:|%n"
				+ "| Submits/s | %.0f | %.0f | %.2f |%n| Request p50 ms | %.2f | %.2f | %.2f |%n"
				+ "| Jobs/s end to end | %.0f | %.0f | %.2f |%n", offSubmits, onSubmits, onSubmits / offSubmits, offP50,
				onP50, onP50 / offP50, offJobs, onJobs, onJobs / offJobs));
		return md.toString();
	}

	private static double mean(List<Phase> phases, String mode, java.util.function.ToDoubleFunction<Phase> value) {
		return phases.stream().filter(p -> p.mode().equals(mode)).mapToDouble(value).average().orElse(0);
	}

	private static void writeSection(Path doc, String section) throws Exception {
		String text = Files.readString(doc);
		String begin = "<!-- tracing:begin -->";
		String end = "<!-- tracing:end -->";
		int from = text.indexOf(begin);
		int to = text.indexOf(end);
		if (from < 0 || to < from) {
			throw new IllegalStateException(doc + " has no " + begin + " ... " + end + " section");
		}
		Files.writeString(doc, text.substring(0, from + begin.length()) + "\n" + section + text.substring(to));
	}

}
