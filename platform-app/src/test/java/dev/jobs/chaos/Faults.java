package dev.jobs.chaos;

import java.io.File;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Breaks the local services on purpose: restarts RabbitMQ and PostgreSQL with their own control
 * tools. The suite needs to run on the machine that hosts them (as CI does), as a user allowed to
 * control them.
 */
final class Faults {

	private Faults() {
	}

	/** Stops the RabbitMQ application, keeps it down for {@code downMillis}, starts it again. */
	static void restartBroker(long downMillis) {
		run(List.of("rabbitmqctl", "stop_app"), 60);
		AppInstance.sleep(downMillis);
		run(List.of("rabbitmqctl", "start_app"), 120);
		run(List.of("rabbitmqctl", "await_startup", "--timeout", "60"), 90);
	}

	/** Restarts the local PostgreSQL cluster: every connection is cut. */
	static void restartDatabase() {
		String[] versions = new File("/etc/postgresql").list();
		if (versions == null || versions.length == 0) {
			throw new IllegalStateException("No local PostgreSQL cluster under /etc/postgresql to restart");
		}
		Arrays.sort(versions);
		run(List.of("pg_ctlcluster", "--skip-systemctl-redirect", versions[versions.length - 1], "main", "restart"),
				120);
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
