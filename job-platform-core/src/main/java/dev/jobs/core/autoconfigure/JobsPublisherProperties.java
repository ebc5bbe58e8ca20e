package dev.jobs.core.autoconfigure;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** The after-commit publisher ({@code jobs.publisher.*}): its confirms, its queue and its marks. */
@ConfigurationProperties("jobs.publisher")
public class JobsPublisherProperties {

	/** How long to wait for the broker's confirm before the relay takes over the message. */
	private Duration confirmTimeout = Duration.ofSeconds(10);

	/**
	 * Messages waiting to be published after commit (about 100 bytes each); beyond that the relay publishes them,
	 * but only once they are {@code jobs.relay.min-age} old. Large enough that a burst of {@code submitAll} calls
	 * (tens of thousands of jobs in a second or two) is published at once rather than after that wait.
	 */
	private int queueCapacity = 100_000;

	/** How often confirmed messages are marked on their job rows (one UPDATE per batch). */
	private Duration markInterval = Duration.ofMillis(20);

	public Duration getConfirmTimeout() {
		return confirmTimeout;
	}

	public void setConfirmTimeout(Duration confirmTimeout) {
		this.confirmTimeout = confirmTimeout;
	}

	public int getQueueCapacity() {
		return queueCapacity;
	}

	public void setQueueCapacity(int queueCapacity) {
		this.queueCapacity = queueCapacity;
	}

	public Duration getMarkInterval() {
		return markInterval;
	}

	public void setMarkInterval(Duration markInterval) {
		this.markInterval = markInterval;
	}

}
