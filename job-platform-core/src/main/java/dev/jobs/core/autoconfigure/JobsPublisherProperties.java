package dev.jobs.core.autoconfigure;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** The after-commit publisher ({@code jobs.publisher.*}): its confirms, its queue and its marks. */
@ConfigurationProperties("jobs.publisher")
public class JobsPublisherProperties {

	/** How long to wait for the broker's confirm before the relay takes over the message. */
	private Duration confirmTimeout = Duration.ofSeconds(10);

	/** Messages waiting to be published after commit; beyond that the relay publishes them later. */
	private int queueCapacity = 10_000;

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
