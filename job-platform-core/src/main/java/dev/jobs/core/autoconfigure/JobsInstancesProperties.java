package dev.jobs.core.autoconfigure;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** How instances announce themselves ({@code jobs.instances.*}); see the instances page and {@code GET /api/instances}. */
@ConfigurationProperties("jobs.instances")
public class JobsInstancesProperties {

	/** How often each instance writes its heartbeat row (who it is, consumers and running attempts per type). */
	private Duration heartbeatInterval = Duration.ofSeconds(5);

	/** An instance without a heartbeat for this long is shown as gone (at least twice the heartbeat interval). */
	private Duration goneAfter = Duration.ofSeconds(30);

	/** How long a gone or stopped instance stays listed before it is forgotten. */
	private Duration retention = Duration.ofHours(24);

	public Duration getHeartbeatInterval() {
		return heartbeatInterval;
	}

	public void setHeartbeatInterval(Duration heartbeatInterval) {
		this.heartbeatInterval = heartbeatInterval;
	}

	public Duration getGoneAfter() {
		return goneAfter;
	}

	public void setGoneAfter(Duration goneAfter) {
		this.goneAfter = goneAfter;
	}

	public Duration getRetention() {
		return retention;
	}

	public void setRetention(Duration retention) {
		this.retention = retention;
	}

}
