package dev.jobs.core.autoconfigure;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The workers of this instance ({@code jobs.worker.*}). With the lease, relay, publisher and engine properties
 * they become the engine's {@code DeliverySettings} ({@link SettingsMapping#delivery}).
 */
@ConfigurationProperties("jobs.worker")
public class JobsWorkerProperties {

	/** Whether this instance consumes jobs; set false for a submit-only (API) instance. */
	private boolean enabled = true;

	/** This instance's name in leases and attempt history; defaults to host:pid:random. */
	private String id;

	/** On shutdown, how long running jobs may take to finish before they are handed back. */
	private Duration drainTimeout = Duration.ofSeconds(30);

	/**
	 * How long a handler that ignores its timeout's interrupt keeps its attempt; then the attempt
	 * is recorded TIMED_OUT, its lease is no longer renewed and the job moves on.
	 */
	private Duration timeoutGrace = Duration.ofSeconds(30);

	public boolean isEnabled() {
		return enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public String getId() {
		return id;
	}

	public void setId(String id) {
		this.id = id;
	}

	public Duration getDrainTimeout() {
		return drainTimeout;
	}

	public void setDrainTimeout(Duration drainTimeout) {
		this.drainTimeout = drainTimeout;
	}

	public Duration getTimeoutGrace() {
		return timeoutGrace;
	}

	public void setTimeoutGrace(Duration timeoutGrace) {
		this.timeoutGrace = timeoutGrace;
	}

}
