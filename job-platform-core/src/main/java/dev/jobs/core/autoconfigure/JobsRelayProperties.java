package dev.jobs.core.autoconfigure;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The outbox relay ({@code jobs.relay.*}): it publishes the jobs whose after-commit publish was never
 * confirmed, whose time has come, or whose confirmed message was lost. An overdue bound not above the
 * minimum age is refused at start ({@code DeliverySettings}).
 */
@ConfigurationProperties("jobs.relay")
public class JobsRelayProperties {

	/** Whether this instance runs the outbox relay (safe on several instances at once). */
	private boolean enabled = true;

	/** How often the relay looks for jobs whose message was never confirmed or whose time has come. */
	private Duration interval = Duration.ofSeconds(1);

	/** How long a job may wait for its first confirm before the relay publishes it again. */
	private Duration minAge = Duration.ofSeconds(10);

	/** Jobs published per relay round. */
	private int batchSize = 500;

	/**
	 * How long a job the broker confirmed may wait for a worker after it was due before it is
	 * published again (its message was lost: purged queue, dead-lettered delivery, consumed by
	 * another deployment). A duplicate is harmless; keep it well above the normal queue wait.
	 */
	private Duration overdueAfter = Duration.ofMinutes(10);

	/** The longest wait before a row whose publish the broker refused or returned is tried again. */
	private Duration maxBackoff = Duration.ofMinutes(1);

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

	public Duration getMinAge() {
		return minAge;
	}

	public void setMinAge(Duration minAge) {
		this.minAge = minAge;
	}

	public int getBatchSize() {
		return batchSize;
	}

	public void setBatchSize(int batchSize) {
		this.batchSize = batchSize;
	}

	public Duration getOverdueAfter() {
		return overdueAfter;
	}

	public void setOverdueAfter(Duration overdueAfter) {
		this.overdueAfter = overdueAfter;
	}

	public Duration getMaxBackoff() {
		return maxBackoff;
	}

	public void setMaxBackoff(Duration maxBackoff) {
		this.maxBackoff = maxBackoff;
	}

}
