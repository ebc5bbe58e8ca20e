package dev.jobs.chaos;

import java.io.File;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Breaks the services on purpose. The platform processes reach PostgreSQL and RabbitMQ through a
 * {@link FaultProxy} each; by default an outage is a cut of that proxy (connections reset, new ones
 * refused), which leaves the machine's shared services alone. With {@code -Dchaos.restart-services=true}
 * the suite restarts the real services with their control tools instead; that needs to run on the
 * machine that hosts them, as a user allowed to control them.
 */
final class Faults implements AutoCloseable {

	private final boolean restartServices = Boolean.getBoolean("chaos.restart-services");

	private final FaultProxy database = new FaultProxy(ChaosSettings.dbHost(), Integer.parseInt(ChaosSettings.dbPort()));

	private final FaultProxy broker = new FaultProxy(ChaosSettings.rabbitHost(), ChaosSettings.rabbitPort());

	/** The environment that makes a platform process connect through the proxies. */
	Map<String, String> environment() {
		return Map.of("JOBS_DB_HOST", "127.0.0.1", "JOBS_DB_PORT", String.valueOf(database.port), "JOBS_RABBIT_HOST",
				"127.0.0.1", "JOBS_RABBIT_PORT", String.valueOf(broker.port));
	}

	/** RabbitMQ goes away for {@code downMillis}; returns how the report names the fault. */
	String brokerOutage(long downMillis) {
		if (restartServices) {
			run(List.of("rabbitmqctl", "stop_app"), 60);
			keepDown(downMillis);
			run(List.of("rabbitmqctl", "start_app"), 120);
			run(List.of("rabbitmqctl", "await_startup", "--timeout", "60"), 90);
			return "1 broker restart";
		}
		broker.cut(downMillis);
		return "1 broker outage (every connection reset)";
	}

	/** PostgreSQL goes away for a moment, every connection cut; returns how the report names the fault. */
	String databaseOutage() {
		if (restartServices) {
			String[] versions = new File("/etc/postgresql").list();
			if (versions == null || versions.length == 0) {
				throw new IllegalStateException("No local PostgreSQL cluster under /etc/postgresql to restart");
			}
			Arrays.sort(versions);
			run(List.of("pg_ctlcluster", "--skip-systemctl-redirect", versions[versions.length - 1], "main",
					"restart"), 120);
			return "1 database restart";
		}
		database.cut(2000);
		return "1 database outage (every connection reset)";
	}

	@Override
	public void close() {
		database.close();
		broker.close();
	}

	/**
	 * Keeps a service down for {@code downMillis}: an outage lasts a fixed time, so this sleep is the fault itself,
	 * not a wait for something to happen (the one sleep the chaos suite keeps).
	 */
	static void keepDown(long downMillis) {
		try {
			Thread.sleep(downMillis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static void run(List<String> command, int timeoutSeconds) {
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.DISCARD)
				.start();
			if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				throw new IllegalStateException(command + " did not finish within " + timeoutSeconds + " s");
			}
			if (process.exitValue() != 0) {
				throw new IllegalStateException(command + " failed with exit code " + process.exitValue());
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not run " + command + " (is it installed and on the PATH?)", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
