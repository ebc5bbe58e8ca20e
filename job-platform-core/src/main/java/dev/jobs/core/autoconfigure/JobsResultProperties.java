package dev.jobs.core.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Result files and their retention ({@code jobs.results.*}); they become the engine's {@code ResultSettings}
 * ({@link SettingsMapping#results}).
 */
@ConfigurationProperties("jobs.results")
public class JobsResultProperties {

	/**
	 * Directory of the local result storage; created when missing. Shared by all instances of the application.
	 * When unset, {@code ${java.io.tmpdir}/<spring.application.name>/jobs-results}, or
	 * {@code ${java.io.tmpdir}/jobs-results} (shared with every unnamed application on the host, with a warning
	 * at start) when the application has no name.
	 */
	private Path directory;

	/** How long finished jobs and their result files are kept after they finished. */
	private Duration retention = Duration.ofDays(7);

	private final Cleanup cleanup = new Cleanup();

	public Path getDirectory() {
		return directory;
	}

	public void setDirectory(Path directory) {
		this.directory = directory;
	}

	public Duration getRetention() {
		return retention;
	}

	public void setRetention(Duration retention) {
		this.retention = retention;
	}

	public Cleanup getCleanup() {
		return cleanup;
	}

	public static class Cleanup {

		/** Whether this instance removes expired jobs and files (safe on several instances at once). */
		private boolean enabled = true;

		/** How often expired jobs and files are looked for. */
		private Duration interval = Duration.ofHours(1);

		/** Jobs removed per transaction; a round repeats until fewer are found. */
		private int batchSize = 500;

		public boolean isEnabled() {
			return enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Duration getInterval() {
			return interval;
		}

		public void setInterval(Duration interval) {
			this.interval = interval;
		}

		public int getBatchSize() {
			return batchSize;
		}

		public void setBatchSize(int batchSize) {
			this.batchSize = batchSize;
		}

	}

}
