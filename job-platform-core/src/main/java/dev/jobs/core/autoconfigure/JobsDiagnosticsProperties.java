package dev.jobs.core.autoconfigure;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The diagnostic job types ({@code jobs.diagnostics.*}). Read only as a condition
 * ({@code @ConditionalOnProperty}); bound here so the property is documented in the metadata.
 */
@ConfigurationProperties("jobs.diagnostics")
public class JobsDiagnosticsProperties {

	/** Registers the NOOP and SLEEP job types, for smoke tests, chaos tests and benchmarks. */
	private boolean enabled = false;

	public boolean isEnabled() {
		return enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

}
