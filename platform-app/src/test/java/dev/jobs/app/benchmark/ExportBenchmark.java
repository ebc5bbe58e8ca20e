package dev.jobs.app.benchmark;

import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import dev.jobs.types.employeeexport.EmployeeExportRow;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import dev.jobs.types.export.ExportFormat;
import dev.jobs.types.export.StreamingExport;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Exports the employee table through the real job path (REST submit, RabbitMQ, worker, database
 * cursor, EasyExcel, result storage) of a separately started platform, and writes the same rows
 * with EasyExcel alone from memory, in the same run. Run by {@code scripts/benchmark-export.sh};
 * not a test, so the build never runs it.
 *
 * <p>Arguments: {@code --url --auth user:password --jdbc --app-pid --runs --formats --scratch --zone
 * --app-heap --app-log --doc --machine}. With {@code --doc} the figures replace the part of that
 * Markdown file between {@code <!-- exports:begin -->} and {@code <!-- exports:end -->}.
 */
public final class ExportBenchmark {

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** HTTP Basic credentials of an account that may export employees; set from {@code --auth}. */
	private static String authorization;

	private ExportBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		Map<String, String> options = options(args);
		String url = options.get("url");
		authorization = "Basic " + java.util.Base64.getEncoder()
			.encodeToString(options.getOrDefault("auth", "admin:admin").getBytes(StandardCharsets.UTF_8));
		long appPid = Long.parseLong(options.get("app-pid"));
		int runs = Integer.parseInt(options.getOrDefault("runs", "2"));
		Path scratch = Path.of(options.get("scratch"));
		ZoneId zone = ZoneId.of(options.getOrDefault("zone", ZoneId.systemDefault().getId()));
		List<ExportFormat> formats = Arrays.stream(options.getOrDefault("formats", "XLSX").split(","))
			.map(ExportFormat::valueOf)
			.toList();

		awaitReady(options.getOrDefault("management-url", url));
		System.out.println("Reading the employees into memory for the raw EasyExcel runs ...");
		List<EmployeeExportRow> rows = readAll(options.get("jdbc"), zone);
		System.out.printf(Locale.ROOT, "%,d live employees%n", rows.size());

		List<String> table = new ArrayList<>();
		table.add("| Format | Run | Path | Wall time (s) | Rows/s | Peak heap used (MiB) | File (MiB) |");
		table.add("|---|---|---|---:|---:|---:|---:|");
		Map<ExportFormat, double[]> best = new LinkedHashMap<>();
		for (ExportFormat format : formats) {
			double bestJob = Double.MAX_VALUE;
			double bestRaw = Double.MAX_VALUE;
			for (int run = 1; run <= runs; run++) {
				JobRun job = runJob(url, appPid, format);
				if (job.rows() != rows.size()) {
					throw new IllegalStateException("The job exported " + job.rows() + " rows, expected " + rows.size());
				}
				table.add(row(format, run, "job (app -Xmx" + options.getOrDefault("app-heap", "?") + ")", job.seconds(),
						job.rows(), String.format(Locale.ROOT, "%.0f", job.peakHeapMiB()), job.bytes()));
				double raw = runRaw(rows, format, scratch);
				long rawBytes = Files.size(scratch.resolve("raw." + format.extension()));
				table.add(row(format, run, "raw EasyExcel, rows in memory", raw, rows.size(), "n/a", rawBytes));
				Files.delete(scratch.resolve("raw." + format.extension()));
				bestJob = Math.min(bestJob, job.seconds());
				bestRaw = Math.min(bestRaw, raw);
			}
			best.put(format, new double[] { bestJob, bestRaw });
		}

		List<String> report = new ArrayList<>();
		report.add("Last run: " + Instant.now().toString().substring(0, 16).replace('T', ' ') + " UTC, "
				+ String.format(Locale.ROOT, "%,d", rows.size()) + " employee rows, " + runs + " runs per format. "
				+ options.getOrDefault("machine", ""));
		report.add("");
		report.add("| Format | Best job (s) | Best raw (s) | Job / raw |");
		report.add("|---|---:|---:|---:|");
		best.forEach((format, b) -> report
			.add(String.format(Locale.ROOT, "| %s | %.1f | %.1f | %.2f× |", format, b[0], b[1], b[0] / b[1])));
		report.add("");
		report.addAll(table);
		if (options.containsKey("app-log")) {
			Files.readAllLines(Path.of(options.get("app-log")))
				.stream()
				.filter(line -> line.contains("Demo data: loaded"))
				.findFirst()
				.ifPresent(line -> {
					report.add("");
					report.add("Loading the rows (demo data loader, before the runs): "
							+ line.replaceFirst(".*Demo data: ", ""));
				});
		}
		System.out.println();
		report.forEach(System.out::println);
		if (options.containsKey("doc")) {
			writeInto(Path.of(options.get("doc")), String.join(System.lineSeparator(), report));
		}
	}

	private static void writeInto(Path doc, String figures) throws IOException {
		String begin = "<!-- exports:begin -->";
		String end = "<!-- exports:end -->";
		String text = Files.readString(doc);
		int from = text.indexOf(begin);
		int to = text.indexOf(end);
		if (from < 0 || to < from) {
			System.out.println("No " + begin + " … " + end + " section in " + doc + "; figures not written there");
			return;
		}
		Files.writeString(doc, text.substring(0, from + begin.length()) + System.lineSeparator() + figures
				+ System.lineSeparator() + text.substring(to));
		System.out.println("Figures written to " + doc);
	}

	private static String row(ExportFormat format, int run, String path, double seconds, long rows, String heap,
			long bytes) {
		return String.format(Locale.ROOT, "| %s | %d | %s | %.1f | %,.0f | %s | %.1f |", format, run, path, seconds,
				rows / seconds, heap, bytes / 1024.0 / 1024.0);
	}

	record JobRun(double seconds, long rows, long bytes, double peakHeapMiB) {
	}

	/** Submits an export, waits for it, and samples the application's heap meanwhile. */
	private static JobRun runJob(String url, long appPid, ExportFormat format) throws Exception {
		try (HeapSampler heap = new HeapSampler(appPid)) {
			long started = System.nanoTime();
			JsonNode submitted = JSON.readTree(send(HttpRequest.newBuilder(URI.create(url + "/api/jobs"))
				.header("Content-Type", "application/json")
				.header("Authorization", authorization)
				.POST(HttpRequest.BodyPublishers
					.ofString("{\"type\": \"EMPLOYEE_EXPORT\", \"payload\": {\"format\": \"" + format + "\"}}"))
				.build()));
			String id = submitted.get("id").asString();
			// No time limit, as the export's time is what is measured; read every 20 ms, the first time at once.
			JsonNode job = Awaitility.await("export job " + id + " succeeded")
				.forever()
				.pollDelay(Duration.ZERO)
				.pollInterval(Duration.ofMillis(20))
				.until(() -> JSON.readTree(send(HttpRequest.newBuilder(URI.create(url + "/api/jobs/" + id))
					.header("Authorization", authorization)
					.GET()
					.build())), found -> {
						String status = found.get("status").asString();
						if (status.equals("FAILED") || status.equals("CANCELLED")) {
							throw new IllegalStateException(
									"Export job " + id + " ended " + status + ": " + found.get("lastError"));
						}
						return status.equals("SUCCEEDED");
					});
			double seconds = (System.nanoTime() - started) / 1e9;
			JsonNode file = job.get("result").get("file");
			System.out.printf(Locale.ROOT, "job %s %s: %.1f s (worker: %.1f s), %,d rows, peak heap %.0f MiB%n", format,
					id, seconds,
					Duration.between(Instant.parse(job.get("startedAt").asString()),
							Instant.parse(job.get("finishedAt").asString()))
						.toMillis() / 1000.0,
					file.get("rows").asLong(), heap.peakMiB());
			long downloaded = download(url + "/api/jobs/" + id + "/result");
			if (downloaded != file.get("size").asLong()) {
				throw new IllegalStateException("Downloaded " + downloaded + " bytes, the job says " + file.get("size"));
			}
			return new JobRun(seconds, file.get("rows").asLong(), downloaded, heap.peakMiB());
		}
	}

	/** EasyExcel alone, with the exports' writer settings, from rows already in memory. */
	private static double runRaw(List<EmployeeExportRow> rows, ExportFormat format, Path scratch) throws IOException {
		System.gc();
		Path file = scratch.resolve("raw." + format.extension());
		long started = System.nanoTime();
		try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 64 * 1024)) {
			StreamingExport.writerBuilder(out, EmployeeExportRow.class, format).sheet("员工信息").doWrite(rows);
		}
		double seconds = (System.nanoTime() - started) / 1e9;
		System.out.printf(Locale.ROOT, "raw %s: %.1f s%n", format, seconds);
		return seconds;
	}

	private static List<EmployeeExportRow> readAll(String jdbcUrl, ZoneId zone) throws Exception {
		List<EmployeeExportRow> rows = new ArrayList<>(1_000_000);
		try (Connection connection = DriverManager.getConnection(jdbcUrl, "postgres", "")) {
			connection.setAutoCommit(false);
			try (PreparedStatement select = connection.prepareStatement("select id, name, gender, age, department, "
					+ "position, hire_date, salary, avatar, created_at, updated_at from employee where not deleted "
					+ "order by id")) {
				select.setFetchSize(5_000);
				try (ResultSet rs = select.executeQuery()) {
					while (rs.next()) {
						rows.add(new EmployeeExportRow(rs.getLong(1), rs.getString(2), rs.getString(3),
								rs.getObject(4, Integer.class), rs.getString(5), rs.getString(6),
								rs.getObject(7, LocalDate.class), rs.getBigDecimal(8), rs.getString(9),
								rs.getObject(10, OffsetDateTime.class).atZoneSameInstant(zone).toLocalDateTime(),
								rs.getObject(11, OffsetDateTime.class).atZoneSameInstant(zone).toLocalDateTime()));
					}
				}
			}
			connection.commit();
		}
		return rows;
	}

	private static void awaitReady(String url) {
		try {
			Awaitility.await().atMost(Duration.ofMinutes(5))
				.pollDelay(Duration.ZERO)
				.pollInterval(Duration.ofMillis(500))
				.ignoreExceptionsInstanceOf(IOException.class) // not listening yet
				.until(() -> HTTP.send(HttpRequest.newBuilder(URI.create(url + "/actuator/health/readiness")).GET().build(),
						HttpResponse.BodyHandlers.ofString())
					.statusCode() == 200);
		}
		catch (ConditionTimeoutException ex) {
			throw new IllegalStateException(
					"The platform's management port " + url + " did not become ready within 5 minutes", ex);
		}
	}

	private static String send(HttpRequest request) throws IOException, InterruptedException {
		HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() >= 300) {
			throw new IllegalStateException(request.method() + " " + request.uri() + " answered "
					+ response.statusCode() + ": " + response.body());
		}
		return response.body();
	}

	private static long download(String url) throws IOException, InterruptedException {
		HttpResponse<InputStream> response = HTTP.send(
				HttpRequest.newBuilder(URI.create(url)).header("Authorization", authorization).GET().build(),
				HttpResponse.BodyHandlers.ofInputStream());
		try (InputStream in = response.body()) {
			return in.transferTo(OutputStream.nullOutputStream());
		}
	}

	private static Map<String, String> options(String[] args) {
		Map<String, String> options = new LinkedHashMap<>();
		for (int i = 0; i + 1 < args.length; i += 2) {
			options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
		}
		return options;
	}

	/**
	 * Samples the heap in use (young + survivor + old, garbage included) of another JVM every
	 * 100 ms with {@code jstat}: its maximum is the peak the export needed under its heap cap.
	 */
	static final class HeapSampler implements AutoCloseable {

		private final Process jstat;

		private final Thread reader;

		private final AtomicLong peakKib = new AtomicLong();

		HeapSampler(long pid) throws IOException {
			jstat = new ProcessBuilder("jstat", "-gc", String.valueOf(pid), "100").redirectErrorStream(true).start();
			reader = new Thread(this::read, "jstat-reader");
			reader.setDaemon(true);
			reader.start();
		}

		private void read() {
			try (BufferedReader lines = new BufferedReader(
					new InputStreamReader(jstat.getInputStream(), StandardCharsets.UTF_8))) {
				List<String> header = null;
				String line;
				while ((line = lines.readLine()) != null) {
					List<String> cells = Arrays.asList(line.trim().split("\\s+"));
					if (cells.contains("EU")) {
						header = cells;
						continue;
					}
					if (header == null || cells.size() != header.size()) {
						continue;
					}
					double used = 0;
					for (String column : List.of("S0U", "S1U", "EU", "OU")) {
						used += Double.parseDouble(cells.get(header.indexOf(column)));
					}
					peakKib.accumulateAndGet((long) used, Math::max);
				}
			}
			catch (IOException | RuntimeException ex) {
				// The sampler ends with the process.
			}
		}

		double peakMiB() {
			return peakKib.get() / 1024.0;
		}

		@Override
		public void close() throws InterruptedException {
			jstat.destroy();
			reader.join(2_000);
		}

	}

}
