package dev.jobs.bench.oplog;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.sql.DataSource;

import dev.jobs.app.JobsPlatformApplication;
import dev.jobs.core.PlatformSchema;
import dev.jobs.core.message.MessageConsumers;
import dev.jobs.core.message.MessageSender;
import dev.jobs.core.operationlog.OperationLog;
import dev.jobs.types.operationlog.OperationLogEntry;
import dev.jobs.types.operationlog.OperationLogEntry.Outcome;
import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * The operation log's cost, measured (not a test; run by {@code scripts/benchmark-oplog.sh}):
 * <ol>
 * <li>latency: the same endpoint (a user looked up by name) with and without {@code @OperationLog},
 * under the same load, in alternating phases of the same run (plain, logged, plain, logged), so
 * background work of the log (journal, publishing, the consumer's inserts) counts against the logged
 * phases only. Twice: closed loop (each client thread sends its next request when the last one
 * answered: capacity, and latency at saturation), then open loop at one fixed rate for both endpoints
 * ({@code --open-fraction}, default 0.5, of the plain endpoint's closed-loop requests/s; latency from
 * each request's scheduled send time, so a stall counts against every request it held up);</li>
 * <li>ingestion: entries written per second by the batch consumer from a queued backlog, and end to end
 * from annotated calls made as fast as the callers can.</li>
 * </ol>
 * The figures replace the part of {@code --doc} between {@code <!-- oplog:begin -->} and
 * {@code <!-- oplog:end -->}.
 */
public final class OperationLogBenchmark {

	private OperationLogBenchmark() {
	}

	/** The two endpoints under test: identical work, one annotated. */
	@RestController
	static class BenchEndpoints {

		private final JdbcClient jdbc;

		BenchEndpoints(DataSource dataSource) {
			this.jdbc = JdbcClient.create(dataSource);
		}

		@GetMapping("/api/bench/plain/{username}")
		Map<String, Object> plain(@PathVariable String username) {
			return lookUp(username);
		}

		@GetMapping("/api/bench/logged/{username}")
		@OperationLog(action = "BENCH_USER_READ", target = "#username", success = "looked up user #{#username}")
		Map<String, Object> logged(@PathVariable String username) {
			return lookUp(username);
		}

		private Map<String, Object> lookUp(String username) {
			return jdbc.sql("SELECT id, username, display_name, role FROM app_user WHERE username = ?")
				.param(username)
				.query()
				.singleRow();
		}

	}

	/** Annotated calls without HTTP, for end-to-end ingestion. */
	@Component
	static class BenchService {

		@OperationLog(action = "BENCH_INGEST", target = "#run + '-' + #i", success = "ingest #{#i} of run #{#run}")
		int touch(String run, int i) {
			return i;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class BenchConfiguration {

		@Bean
		BenchEndpoints benchEndpoints(DataSource dataSource) {
			return new BenchEndpoints(dataSource);
		}

		@Bean
		BenchService benchService() {
			return new BenchService();
		}

	}

	/** One measured phase; {@code rate} is the open loop's scheduled requests/s, 0 for a closed loop. */
	record Phase(String endpoint, int round, long requests, double seconds, double p50, double p99, double rate) {

		boolean open() {
			return rate > 0;
		}

	}

	public static void main(String[] args) throws Exception {
		Map<String, String> options = new LinkedHashMap<>();
		for (int i = 0; i + 1 < args.length; i += 2) {
			options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
		}
		int threads = Integer.parseInt(options.getOrDefault("threads", "8"));
		int phaseSeconds = Integer.parseInt(options.getOrDefault("phase-seconds", "10"));
		int rounds = Integer.parseInt(options.getOrDefault("rounds", "3"));
		int backlog = Integer.parseInt(options.getOrDefault("backlog", "100000"));
		int calls = Integer.parseInt(options.getOrDefault("calls", "100000"));
		double openFraction = Double.parseDouble(options.getOrDefault("open-fraction", "0.5"));
		String adminPassword = "bench-admin-" + UUID.randomUUID();
		Path journal = Files.createTempDirectory("oplog-bench-journal");

		ConfigurableApplicationContext app = new SpringApplicationBuilder(JobsPlatformApplication.class,
				BenchConfiguration.class)
			.run("--spring.datasource.url=" + options.get("jdbc"), "--jobs.broker.prefix=" + options.get("prefix"),
					"--server.port=0", "--management.server.port=0", "--jobs.diagnostics.enabled=false",
					"--jobs.operation-log.journal-directory=" + journal, "--JOBS_ADMIN_PASSWORD=" + adminPassword,
					"--logging.level.root=WARN", "--logging.level.dev.jobs=WARN");
		try {
			int port = ((WebServerApplicationContext) app).getWebServer().getPort();
			String token = token(port, adminPassword);
			List<Phase> phases = new ArrayList<>();
			System.out.println("Warming up both endpoints ...");
			load(port, token, "plain", threads, 10, 0);
			load(port, token, "logged", threads, 10, 0);
			for (int round = 1; round <= rounds; round++) {
				for (String endpoint : List.of("plain", "logged")) {
					Phase phase = load(port, token, endpoint, threads, phaseSeconds, round);
					phases.add(phase);
					System.out.printf(Locale.ROOT, "%s round %d: %d requests, p50 %.2f ms, p99 %.2f ms%n", endpoint,
							round, phase.requests(), phase.p50(), phase.p99());
				}
			}
			// Open loop: the same fixed rate for both endpoints, a fraction of what the plain endpoint served
			// closed-loop; latency counts from each request's scheduled send time, so a stall is charged
			// to every request it delayed (no coordinated omission).
			double plainCapacity = phases.stream()
				.filter(p -> p.endpoint().equals("plain"))
				.mapToDouble(p -> p.requests() / p.seconds())
				.average()
				.orElse(0);
			double rate = Math.max(1, Math.round(plainCapacity * openFraction));
			if (openFraction > 0) {
				for (int round = 1; round <= rounds; round++) {
					for (String endpoint : List.of("plain", "logged")) {
						Phase phase = openLoad(port, token, endpoint, rate, phaseSeconds, round);
						phases.add(phase);
						System.out.printf(Locale.ROOT, "%s open loop %.0f/s round %d: %d requests, p50 %.2f ms, p99 %.2f ms%n",
								endpoint, rate, round, phase.requests(), phase.p50(), phase.p99());
					}
				}
			}
			double consumerRate = consumerIngestion(app, backlog);
			System.out.printf(Locale.ROOT, "consumer ingestion: %.0f entries/s%n", consumerRate);
			double[] endToEnd = endToEndIngestion(app, calls, 4);
			System.out.printf(Locale.ROOT, "end to end: %.0f entries/s (calls took %.2f s)%n", endToEnd[0], endToEnd[1]);
			double dropped = app.getBean(MeterRegistry.class).get("jobs.operation-log.dropped").counter().count();
			String section = section(phases, threads, phaseSeconds, consumerRate, backlog, endToEnd, calls, dropped,
					options.getOrDefault("machine", ""));
			System.out.println(section);
			if (options.containsKey("doc")) {
				writeSection(Path.of(options.get("doc")), section);
			}
			if (options.containsKey("summary")) {
				// The open loop's median ratios, for scripts/benchmark.sh's targets line and its table of runs.
				List<Phase> open = phases.stream().filter(Phase::open).toList();
				Files.writeString(Path.of(options.get("summary")), String.format(Locale.ROOT,
						"oplog.open.rate=%.0f%noplog.open.p50=%.4f%noplog.open.p99=%.4f%noplog.rounds=%d%n",
						open.isEmpty() ? 0 : open.get(0).rate(), median(open, "logged", true) / median(open, "plain", true),
						median(open, "logged", false) / median(open, "plain", false), rounds));
			}
		}
		finally {
			app.close();
		}
	}

	private static String token(int port, String adminPassword) throws Exception {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/tokens"))
				.header("Authorization", "Basic " + Base64.getEncoder()
					.encodeToString(("admin:" + adminPassword).getBytes(StandardCharsets.UTF_8)))
				.header("Content-Type", "application/json")
				// Expiring: a user holds at most jobs.security.tokens.max-per-user active tokens, and runs reuse the database.
				.POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"bench-" + UUID.randomUUID() + "\", \"expiresAt\":\""
						+ java.time.Instant.now().plus(java.time.Duration.ofHours(6)) + "\"}"))
				.build(), HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() != 201) {
			throw new IllegalStateException("Could not create a bench token: " + response.statusCode() + " " + response.body());
		}
		return JsonMapper.builder().build().readTree(response.body()).get("token").asString();
	}

	/** Closed loop: each thread sends its next request when the last one answered. */
	private static Phase load(int port, String token, String endpoint, int threads, int seconds, int round)
			throws Exception {
		HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/bench/" + endpoint + "/admin"))
			.header("Authorization", "Bearer " + token)
			.GET()
			.build();
		List<long[]> perThread = new ArrayList<>();
		int[] counts = new int[threads];
		AtomicBoolean stop = new AtomicBoolean();
		CountDownLatch done = new CountDownLatch(threads);
		for (int t = 0; t < threads; t++) {
			long[] samples = new long[2_000_000];
			perThread.add(samples);
			int index = t;
			Thread thread = new Thread(() -> {
				try {
					while (!stop.get() && counts[index] < samples.length) {
						long start = System.nanoTime();
						HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
						long took = System.nanoTime() - start;
						if (response.statusCode() != 200) {
							throw new IllegalStateException(endpoint + " answered " + response.statusCode());
						}
						samples[counts[index]++] = took;
					}
				}
				catch (Exception ex) {
					ex.printStackTrace();
				}
				finally {
					done.countDown();
				}
			}, "bench-client-" + t);
			thread.start();
		}
		long started = System.nanoTime();
		jdk.jfr.Recording recording = profile(endpoint, round);
		Thread.sleep(seconds * 1000L);
		stop.set(true);
		done.await();
		stopProfile(recording, endpoint + "-closed-" + round);
		double elapsed = (System.nanoTime() - started) / 1e9;
		int total = Arrays.stream(counts).sum();
		long[] all = new long[total];
		int at = 0;
		for (int t = 0; t < threads; t++) {
			System.arraycopy(perThread.get(t), 0, all, at, counts[t]);
			at += counts[t];
		}
		Arrays.sort(all);
		return new Phase(endpoint, round, total, elapsed, percentile(all, 0.50) / 1e6, percentile(all, 0.99) / 1e6, 0);
	}

	/**
	 * Open loop: requests are due at a fixed rate whatever the answers do; each one's latency runs from
	 * the time it was due to its answer, so time a request waited behind a slow one counts.
	 */
	private static Phase openLoad(int port, String token, String endpoint, double rate, int seconds, int round)
			throws Exception {
		HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/bench/" + endpoint + "/admin"))
			.header("Authorization", "Bearer " + token)
			.GET()
			.build();
		int total = (int) Math.round(rate * seconds);
		long[] samples = new long[total];
		java.util.concurrent.atomic.AtomicInteger failures = new java.util.concurrent.atomic.AtomicInteger();
		CountDownLatch done = new CountDownLatch(total);
		long interval = Math.round(1e9 / rate);
		jdk.jfr.Recording recording = profile(endpoint, round);
		long started = System.nanoTime();
		for (int i = 0; i < total; i++) {
			long due = started + i * interval;
			long wait;
			while ((wait = due - System.nanoTime()) > 0) {
				java.util.concurrent.locks.LockSupport.parkNanos(wait);
			}
			int index = i;
			http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
				samples[index] = System.nanoTime() - due;
				if (error != null || response.statusCode() != 200) {
					failures.incrementAndGet();
				}
				done.countDown();
			});
		}
		if (!done.await(60, java.util.concurrent.TimeUnit.SECONDS)) {
			throw new IllegalStateException(endpoint + ": open-loop requests still unanswered 60 s after the phase");
		}
		double elapsed = (System.nanoTime() - started) / 1e9;
		stopProfile(recording, endpoint + "-open-" + round);
		if (failures.get() > 0) {
			throw new IllegalStateException(endpoint + ": " + failures.get() + " open-loop request(s) failed");
		}
		long[] sorted = samples.clone();
		Arrays.sort(sorted);
		return new Phase(endpoint, round, total, elapsed, percentile(sorted, 0.50) / 1e6, percentile(sorted, 0.99) / 1e6,
				rate);
	}

	/**
	 * With {@code -Dbench.jfr.dir=DIR}, a JFR recording (settings "profile") of each measured phase,
	 * written to {@code DIR/<endpoint>-<kind>-<round>.jfr}: where the CPU goes while one endpoint is loaded.
	 */
	private static jdk.jfr.Recording profile(String endpoint, int round) throws Exception {
		if (System.getProperty("bench.jfr.dir") == null || round == 0) {
			return null;
		}
		jdk.jfr.Recording recording = new jdk.jfr.Recording(jdk.jfr.Configuration.getConfiguration("profile"));
		recording.start();
		return recording;
	}

	private static void stopProfile(jdk.jfr.Recording recording, String name) throws Exception {
		if (recording == null) {
			return;
		}
		recording.stop();
		recording.dump(Path.of(System.getProperty("bench.jfr.dir"), name + ".jfr"));
		recording.close();
	}

	private static double percentile(long[] sorted, double p) {
		if (sorted.length == 0) {
			return Double.NaN;
		}
		return sorted[(int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
	}

	/**
	 * A backlog queued while the consumer is stopped, packed as the shipper packs it
	 * ({@code entries-per-message}), then timed from the consumer's start until every row is written.
	 */
	private static double consumerIngestion(ConfigurableApplicationContext app, int backlog) throws Exception {
		MessageConsumers consumers = app.getBean(MessageConsumers.class);
		MessageSender sender = app.getBean(MessageSender.class);
		JdbcClient jdbc = app.getBean(PlatformSchema.class).jdbcClient(app.getBean(DataSource.class));
		String action = "BENCH_BACKLOG_" + UUID.randomUUID().toString().substring(0, 8).toUpperCase(Locale.ROOT);
		int perMessage = app.getBean(dev.jobs.types.operationlog.OperationLogProperties.class).getEntriesPerMessage();
		consumers.stopConsuming("OPERATION_LOG");
		System.out.printf(Locale.ROOT, "Queueing a backlog of %,d entries ...%n", backlog);
		for (int from = 0; from < backlog; from += 2000) {
			List<MessageSender.Outgoing> chunk = new ArrayList<>();
			for (int i = from; i < Math.min(backlog, from + 2000); i++) {
				UUID id = UUID.randomUUID();
				chunk.add(new MessageSender.Outgoing(id.toString(), new OperationLogEntry(id, Instant.now(), "bench",
						action, "t-" + i, "backlog entry " + i, Outcome.SUCCESS, null, null, 1, "127.0.0.1",
						"bench", "GET", "/api/bench", "c-" + i, null, null)));
			}
			for (int at = 0; at < chunk.size(); at += perMessage) {
				sender.sendPacked("OPERATION_LOG", chunk.subList(at, Math.min(chunk.size(), at + perMessage))).get();
			}
		}
		long started = System.nanoTime();
		consumers.startConsuming("OPERATION_LOG");
		awaitRows(jdbc, action, backlog);
		return backlog / ((System.nanoTime() - started) / 1e9);
	}

	/** Annotated calls as fast as {@code callers} threads can make them, timed until every entry is written. */
	private static double[] endToEndIngestion(ConfigurableApplicationContext app, int calls, int callers)
			throws Exception {
		BenchService service = app.getBean(BenchService.class);
		JdbcClient jdbc = app.getBean(PlatformSchema.class).jdbcClient(app.getBean(DataSource.class));
		String run = UUID.randomUUID().toString().substring(0, 8);
		long started = System.nanoTime();
		List<Thread> threads = new ArrayList<>();
		for (int c = 0; c < callers; c++) {
			int offset = c;
			Thread thread = new Thread(() -> {
				for (int i = offset; i < calls; i += callers) {
					service.touch(run, i);
				}
			});
			thread.start();
			threads.add(thread);
		}
		for (Thread thread : threads) {
			thread.join();
		}
		double callSeconds = (System.nanoTime() - started) / 1e9;
		awaitRows(jdbc, "BENCH_INGEST", calls, run);
		return new double[] { calls / ((System.nanoTime() - started) / 1e9), callSeconds };
	}

	private static void awaitRows(JdbcClient jdbc, String action, int expected) throws InterruptedException {
		awaitRows(jdbc, action, expected, null);
	}

	private static void awaitRows(JdbcClient jdbc, String action, int expected, String run)
			throws InterruptedException {
		try {
			// read every 20 ms, the first time at once: the time to the last row is what some phases measure
			org.awaitility.Awaitility.await()
				.atMost(Duration.ofMinutes(5))
				.pollDelay(Duration.ZERO)
				.pollInterval(Duration.ofMillis(20))
				.until(() -> ((run == null)
						? jdbc.sql("SELECT count(*) FROM {jobs}.operation_log WHERE action = ?").param(action).query(Integer.class).single()
						: jdbc.sql("SELECT count(*) FROM {jobs}.operation_log WHERE action = ? AND target LIKE ?")
							.params(action, run + "-%")
							.query(Integer.class)
							.single()) >= expected);
		}
		catch (org.awaitility.core.ConditionTimeoutException ex) {
			throw new IllegalStateException(
					"Not all " + expected + " " + action + " entries were written within 5 minutes", ex);
		}
	}

	private static String section(List<Phase> phases, int threads, int phaseSeconds, double consumerRate, int backlog,
			double[] endToEnd, int calls, double dropped, String machine) {
		List<Phase> closed = phases.stream().filter(p -> !p.open()).toList();
		List<Phase> open = phases.stream().filter(Phase::open).toList();
		StringBuilder md = new StringBuilder();
		md.append(String.format(Locale.ROOT, "Last run: %s UTC, %d closed-loop client threads, %d rounds of %d s phases%s. %s%n%n",
				DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").format(Instant.now().atOffset(ZoneOffset.UTC)), threads,
				rounds(closed), phaseSeconds, open.isEmpty() ? ""
						: String.format(Locale.ROOT, "; open loop at %.0f requests/s", open.get(0).rate()), machine));
		md.append("| Load | Phase | Endpoint | Requests | Requests/s | p50 (ms) | p99 (ms) |\n"
				+ "|---|---|---|---:|---:|---:|---:|\n");
		for (Phase phase : phases) {
			md.append(String.format(Locale.ROOT, "| %s | %d | %s | %d | %.0f | %.2f | %.2f |%n",
					phase.open() ? String.format(Locale.ROOT, "open loop, %.0f/s", phase.rate()) : "closed loop",
					phase.round(), phase.endpoint().equals("plain") ? "without @OperationLog" : "with @OperationLog",
					phase.requests(), phase.requests() / phase.seconds(), phase.p50(), phase.p99()));
		}
		md.append("\n| Latency (median of the phases) | Without | With | With / without |\n|---|---:|---:|---:|\n");
		for (List<Phase> load : List.of(closed, open)) {
			if (load.isEmpty()) {
				continue;
			}
			String name = load.get(0).open()
					? String.format(Locale.ROOT, "open loop at %.0f/s", load.get(0).rate()) : "closed loop";
			double plainP50 = median(load, "plain", true);
			double loggedP50 = median(load, "logged", true);
			double plainP99 = median(load, "plain", false);
			double loggedP99 = median(load, "logged", false);
			md.append(String.format(Locale.ROOT, "| %s, p50 (ms) | %.2f | %.2f | %.2f× |%n| %s, p99 (ms) | %.2f | %.2f | %.2f× |%n",
					name, plainP50, loggedP50, loggedP50 / plainP50, name, plainP99, loggedP99, loggedP99 / plainP99));
		}
		if (!closed.isEmpty()) {
			double plainRate = closed.stream().filter(p -> p.endpoint().equals("plain"))
				.mapToDouble(p -> p.requests() / p.seconds()).sorted().skip((rounds(closed) - 1) / 2).findFirst().orElse(Double.NaN);
			double loggedRate = closed.stream().filter(p -> p.endpoint().equals("logged"))
				.mapToDouble(p -> p.requests() / p.seconds()).sorted().skip((rounds(closed) - 1) / 2).findFirst().orElse(Double.NaN);
			md.append(String.format(Locale.ROOT, "| closed loop, requests/s | %.0f | %.0f | %.2f× |%n", plainRate,
					loggedRate, loggedRate / plainRate));
		}
		md.append(String.format(Locale.ROOT, "%n| Ingestion | Entries | Entries written/s |%n|---|---:|---:|%n"
				+ "| Batch consumer, from a queued backlog | %d | %.0f |%n"
				+ "| End to end: annotated calls (4 threads, calls done in %.2f s) until all written | %d | %.0f |%n",
				backlog, consumerRate, endToEnd[1], calls, endToEnd[0]));
		md.append(String.format(Locale.ROOT, "%nEntries dropped by a full buffer during the run: %.0f.%n", dropped));
		return md.toString();
	}

	private static int rounds(List<Phase> phases) {
		return (int) phases.stream().filter(p -> p.endpoint().equals("plain")).count();
	}

	/**
	 * The median over the phases: on a shared machine one phase can be starved by a neighbour (a build),
	 * and a mean would let that one phase decide the ratio.
	 */
	private static double median(List<Phase> phases, String endpoint, boolean p50) {
		double[] values = phases.stream()
			.filter(p -> p.endpoint().equals(endpoint))
			.mapToDouble(p -> p50 ? p.p50() : p.p99())
			.sorted()
			.toArray();
		if (values.length == 0) {
			return Double.NaN;
		}
		int mid = values.length / 2;
		return (values.length % 2 == 1) ? values[mid] : (values[mid - 1] + values[mid]) / 2;
	}

	private static void writeSection(Path doc, String section) throws Exception {
		String text = Files.readString(doc);
		String begin = "<!-- oplog:begin -->";
		String end = "<!-- oplog:end -->";
		int from = text.indexOf(begin);
		int to = text.indexOf(end);
		if (from < 0 || to < from) {
			throw new IllegalStateException(doc + " has no " + begin + " ... " + end + " section");
		}
		Files.writeString(doc, text.substring(0, from + begin.length()) + "\n" + section + text.substring(to));
	}

}
