package dev.jobs.core.autoconfigure;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Leases of running jobs ({@code jobs.lease.*}): how long a claim lasts, how often it is renewed and how
 * often expired ones are looked for. A heartbeat not shorter than the lease is refused at start
 * ({@code DeliverySettings}).
 */
@ConfigurationProperties("jobs.lease")
public class JobsLeaseProperties {

	/** How long a claim stays valid without renewal; a job whose lease ran out is retried elsewhere. */
	private Duration duration = Duration.ofSeconds(30);

	/** How often a worker renews the leases of all its running jobs (one UPDATE). */
	private Duration heartbeatInterval = Duration.ofSeconds(5);

	/** How often expired leases are looked for. */
	private Duration reaperInterval = Duration.ofSeconds(5);

	public Duration getDuration() {
		return duration;
	}

	public void setDuration(Duration duration) {
		this.duration = duration;
	}

	public Duration getHeartbeatInterval() {
		return heartbeatInterval;
	}

	public void setHeartbeatInterval(Duration heartbeatInterval) {
		this.heartbeatInterval = heartbeatInterval;
	}

	public Duration getReaperInterval() {
		return reaperInterval;
	}

	public void setReaperInterval(Duration reaperInterval) {
		this.reaperInterval = reaperInterval;
	}

}
