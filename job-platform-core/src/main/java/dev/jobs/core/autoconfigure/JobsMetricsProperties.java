package dev.jobs.core.autoconfigure;

import java.net.URI;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** The platform's gauges ({@code jobs.metrics.*}): queue lag, outbox and broker queues. */
@ConfigurationProperties("jobs.metrics")
public class JobsMetricsProperties {

	/** Whether queue lag, outbox and broker queue gauges are published. */
	private boolean enabled = true;

	/** How often those gauges are read from the database and the broker (scrapes read a cache). */
	private Duration pollInterval = Duration.ofSeconds(10);

	private final ManagementApi managementApi = new ManagementApi();

	public boolean isEnabled() {
		return enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public Duration getPollInterval() {
		return pollInterval;
	}

	public void setPollInterval(Duration pollInterval) {
		this.pollInterval = pollInterval;
	}

	public ManagementApi getManagementApi() {
		return managementApi;
	}

	/**
	 * The RabbitMQ management API, the only source of unacknowledged message counts. Without a URL
	 * the gauges read ready counts and consumers over AMQP and publish no unacknowledged counts.
	 */
	public static class ManagementApi {

		/** Base URL, e.g. {@code http://localhost:15672}; empty: do not use the management API. */
		private URI url;

		/** User for the management API; defaults to {@code spring.rabbitmq.username}. */
		private String username;

		/** Password for the management API; defaults to {@code spring.rabbitmq.password}. */
		private String password;

		public URI getUrl() {
			return url;
		}

		public void setUrl(URI url) {
			this.url = url;
		}

		public String getUsername() {
			return username;
		}

		public void setUsername(String username) {
			this.username = username;
		}

		public String getPassword() {
			return password;
		}

		public void setPassword(String password) {
			this.password = password;
		}

	}

}
