package dev.jobs.app.security;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** The app's own security settings, under {@code jobs.security}. */
@ConfigurationProperties("jobs.security")
public class SecurityProperties {

	/**
	 * Origins (scheme://host[:port]) besides this service's own from which browsers may send
	 * state-changing requests, e.g. a separately hosted UI. Empty: only this service's own pages.
	 */
	private List<String> allowedOrigins = new ArrayList<>();

	public List<String> getAllowedOrigins() {
		return allowedOrigins;
	}

	public void setAllowedOrigins(List<String> allowedOrigins) {
		this.allowedOrigins = allowedOrigins;
	}

}
