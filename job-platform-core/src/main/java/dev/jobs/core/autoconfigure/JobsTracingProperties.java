package dev.jobs.core.autoconfigure;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * One trace per job's life ({@code jobs.tracing.*}), when the application has a Micrometer Tracing tracer (e.g.
 * Spring Boot's OpenTelemetry starter). Read by the job model's configuration as its condition.
 */
@ConfigurationProperties("jobs.tracing")
public class JobsTracingProperties {

	/**
	 * Whether jobs store their submitter's trace context and make spans (submit, publish, claim, each attempt)
	 * when a tracer exists. Off: nothing is stored and nothing per job is done, whatever the tracer.
	 */
	private boolean enabled = true;

	public boolean isEnabled() {
		return enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

}
