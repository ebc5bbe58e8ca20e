package dev.jobs.core.autoconfigure;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** The operators' controls of job types ({@code jobs.controls.*}): pause, resume and live concurrency. */
@ConfigurationProperties("jobs.controls")
public class JobsControlsProperties {

	/**
	 * How often every instance reads the controls: a pause, a resume or a new concurrency applies on every
	 * instance within about this.
	 */
	private Duration pollInterval = Duration.ofSeconds(1);

	public Duration getPollInterval() {
		return pollInterval;
	}

	public void setPollInterval(Duration pollInterval) {
		this.pollInterval = pollInterval;
	}

}
