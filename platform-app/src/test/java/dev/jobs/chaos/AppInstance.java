package dev.jobs.chaos;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.awaitility.core.ConditionTimeoutException;

import static org.awaitility.Awaitility.await;

/**
 * One real platform process (the packaged jar), started with short leases so crashes are noticed
 * within seconds. Killed with SIGKILL, not shut down, when a test says so.
 */
final class AppInstance implements AutoCloseable {

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	/** The first start creates user admin with this password (no super admin existed before). */
	private static final String ADMIN_PASSWORD = "chaos-admin-password";

	private static final String BASIC = "Basic " + java.util.Base64.getEncoder()
		.encodeToString(("admin:" + ADMIN_PASSWORD).getBytes(java.nio.charset.StandardCharsets.UTF_8));

	/** An API token of admin's: a BCrypt check per request would make the 2,000 submissions CPU-bound. */
	private static volatile String bearer;

	final String name;

	final int port;

	/** Health and metrics: the management port of its own, on localhost, as in production. */
	private final int managementPort;

	private final Path log;

	private final Map<String, String> serviceEnvironment;

	private Process process;

	/** {@code serviceEnvironment}: where the process finds PostgreSQL and RabbitMQ (the fault proxies). */
	AppInstance(String name, Path logDirectory, Map<String, String> serviceEnvironment) {
		this.name = name;
		this.serviceEnvironment = serviceEnvironment;
		this.port = freePort();
		this.managementPort = freePort();
		this.log = logDirectory.resolve("chaos-" + name + ".log");
	}

	AppInstance start(String... extraArguments) {
		List<String> command = new ArrayList<>(List.of(javaBin(), "-Xmx384m", "-jar", ChaosSettings.jar(),
				"--server.port=" + port, "--management.server.port=" + managementPort, "--jobs.worker.id=chaos-" + name, "--jobs.broker.prefix=" + ChaosSettings.brokerPrefix(),
				"--jobs.diagnostics.enabled=true", "--jobs.schema.name=" + Ledger.SCHEMA.name(), "--jobs.lease.duration=5s", "--jobs.lease.heartbeat-interval=1s",
				"--jobs.lease.reaper-interval=1s", "--jobs.relay.interval=500ms", "--jobs.relay.min-age=3s",
				"--jobs.worker.drain-timeout=5s", "--jobs.types.SLEEP.concurrency=4", "--jobs.types.SLEEP.prefetch=1",
				"--jobs.types.NOOP.concurrency=4", "--jobs.types.NOOP.prefetch=20",
				"--jobs.defaults.backoff-initial=1s", "--jobs.defaults.backoff-multiplier=1",
				"--jobs.defaults.backoff-jitter=0ms", "--spring.rabbitmq.listener.simple.recovery-interval=1s",
				"--jobs.operation-log.journal-directory=target/chaos-operation-log-journal",
				"--jobs.results.directory=" + SideEffects.RESULTS,
				// The suite's owner submits more exports at once than a user may by default.
				"--jobs.types.EMPLOYEE_EXPORT.max-active-per-user=0",
				// Every instance of every run makes the admin a token, and runs reuse the database.
				"--jobs.security.tokens.max-per-user=1000000",
				"--logging.level.dev.jobs=INFO"));
		for (String extra : extraArguments) {
			// Spring joins repeated command-line properties with commas: an override replaces the default.
			String key = extra.substring(0, extra.indexOf('=') + 1);
			command.removeIf(argument -> argument.startsWith(key));
			command.add(extra);
		}
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
		Map<String, String> env = builder.environment();
		env.putAll(serviceEnvironment);
		env.put("JOBS_DB_NAME", ChaosSettings.database());
		env.put("JOBS_ADMIN_PASSWORD", ADMIN_PASSWORD);
		try {
			process = builder.start();
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not start " + command, ex);
		}
		awaitHealthy(Duration.ofSeconds(180)); // a shared 2-core machine under load has taken over 90 s
		return this;
	}

	/** SIGKILL: no shutdown hook, no drain, no hand-back. */
	void kill() throws InterruptedException {
		Instant at = Instant.now();
		process.destroyForcibly();
		process.waitFor();
		SideEffects.killed(name, at);
	}

	boolean isAlive() {
		return process != null && process.isAlive();
	}

	/**
	 * Every call carries a correlation id of its own; an accepted one (2xx) is remembered, so the suite
	 * can count the operation-log entries of the annotated endpoints it called.
	 */
	HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
		String correlationId = "chaos-" + UUID.randomUUID();
		HttpResponse<String> response = HTTP.send(
				HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
					.timeout(Duration.ofSeconds(30))
					.header("Content-Type", "application/json")
					.header("Authorization", bearer())
					.header("X-Correlation-Id", correlationId)
					.POST(HttpRequest.BodyPublishers.ofString(body))
					.build(),
				HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() / 100 == 2) {
			SideEffects.called(correlationId, name, Instant.now());
		}
		return response;
	}

	private synchronized String bearer() throws IOException, InterruptedException {
		if (bearer == null) {
			HttpResponse<String> created = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
					+ "/api/tokens"))
				.timeout(Duration.ofSeconds(30))
				.header("Content-Type", "application/json")
				.header("Authorization", BASIC)
				.POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"chaos suite\"}"))
				.build(), HttpResponse.BodyHandlers.ofString());
			java.util.regex.Matcher token = java.util.regex.Pattern.compile("\"token\":\"(jobs_[A-Za-z0-9]+)\"")
				.matcher(created.body());
			if (created.statusCode() != 201 || !token.find()) {
				throw new IllegalStateException("Could not create an API token: " + created.statusCode() + " "
						+ created.body());
			}
			bearer = "Bearer " + token.group(1);
		}
		return bearer;
	}

	private void awaitHealthy(Duration timeout) {
		try {
			await("instance " + name + " ready").atMost(timeout)
				.pollInterval(Duration.ofMillis(250))
				.ignoreExceptionsInstanceOf(IOException.class) // not up yet
				.until(() -> {
					if (!process.isAlive()) {
						throw new IllegalStateException("Instance " + name + " exited at start; see " + log);
					}
					return HTTP.send(HttpRequest
						.newBuilder(URI.create("http://localhost:" + managementPort + "/actuator/health/readiness"))
						.timeout(Duration.ofSeconds(2))
						.build(), HttpResponse.BodyHandlers.ofString())
						.statusCode() == 200;
				});
		}
		catch (ConditionTimeoutException ex) {
			throw new IllegalStateException("Instance " + name + " not ready within " + timeout + "; see " + log, ex);
		}
	}

	@Override
	public void close() throws InterruptedException {
		if (isAlive()) {
			process.destroy();
			if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
				process.destroyForcibly();
			}
		}
	}

	private static String javaBin() {
		return System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
	}

	static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
