package dev.jobs.core.metrics;

import java.net.URI;
import java.time.Duration;

/**
 * What the gauges are configured with ({@code jobs.metrics.*}), read by the auto-configuration.
 *
 * @param pollInterval how often the database and broker gauges are refreshed
 * @param managementApiUrl RabbitMQ's management API, for unacknowledged queue depths; {@code null} for none
 * @param managementApiUsername its user; {@code null} for {@code spring.rabbitmq.username}
 * @param managementApiPassword its password; {@code null} for {@code spring.rabbitmq.password}
 */
public record MetricsSettings(Duration pollInterval, URI managementApiUrl, String managementApiUsername,
		String managementApiPassword) {

	public MetricsSettings {
		if (pollInterval == null || pollInterval.isNegative() || pollInterval.isZero()) {
			throw new IllegalArgumentException("jobs.metrics.poll-interval must be positive");
		}
	}

}
