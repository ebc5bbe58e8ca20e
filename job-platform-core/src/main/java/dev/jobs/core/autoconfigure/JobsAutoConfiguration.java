package dev.jobs.core.autoconfigure;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.util.UUID;

import dev.jobs.core.delivery.DeliveryConfiguration;
import dev.jobs.core.delivery.DeliverySettings;
import dev.jobs.core.delivery.JobTopology;
import dev.jobs.core.diagnostic.DiagnosticsConfiguration;
import dev.jobs.core.job.JobConfiguration;
import dev.jobs.core.job.JobTypeSettings;
import dev.jobs.core.message.MessageDeliveryConfiguration;
import dev.jobs.core.metrics.MetricsSettings;
import dev.jobs.core.web.ApiSettings;
import dev.jobs.core.metrics.MetricsConfiguration;
import dev.jobs.core.result.ResultConfiguration;
import dev.jobs.core.web.WebConfiguration;

import org.springframework.boot.amqp.autoconfigure.RabbitAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * The job platform's auto-configuration: add the dependency, declare {@code JobHandler} beans, and
 * the application gets the job table, queues, workers, relay and REST API. Each part can be
 * switched off ({@code jobs.worker.enabled}, {@code jobs.relay.enabled}, {@code jobs.api.enabled},
 * {@code jobs.schema.migrate}) or replaced (a {@code JobClient} bean of the application's own).
 */
@AutoConfiguration(after = { DataSourceAutoConfiguration.class, DataSourceTransactionManagerAutoConfiguration.class,
		TransactionAutoConfiguration.class, FlywayAutoConfiguration.class, RabbitAutoConfiguration.class,
		JacksonAutoConfiguration.class, ValidationAutoConfiguration.class })
@ConditionalOnProperty(name = "jobs.enabled", matchIfMissing = true)
@EnableConfigurationProperties(JobsProperties.class)
@Import({ JobConfiguration.class, DeliveryConfiguration.class, DiagnosticsConfiguration.class,
		WebConfiguration.class, MetricsConfiguration.class, ResultConfiguration.class,
		dev.jobs.core.schedule.ScheduleConfiguration.class, JobsAdminConfiguration.class,
		MessageDeliveryConfiguration.class })
public class JobsAutoConfiguration {

	// The engine packages read these small records, never JobsProperties: configuration flows one
	// way, from here into the engine.

	@Bean
	JobTypeSettings.Source jobTypeSettingsSource(JobsProperties properties,
			org.springframework.core.env.Environment environment) {
		JobTypeSettings.Source configured = properties.typeSettings();
		java.util.Set<String> onlyDefaulted = TypeDefaultsEnvironmentPostProcessor.typesOnlyDefaulted(environment);
		return new JobTypeSettings.Source() {
			@Override
			public JobTypeSettings settingsFor(String type, java.util.List<String> handlerRoles,
					dev.jobs.core.JobSettings inCode) {
				return configured.settingsFor(type, handlerRoles, inCode);
			}

			@Override
			public java.util.Set<String> configuredTypes() {
				java.util.Set<String> types = new java.util.LinkedHashSet<>(configured.configuredTypes());
				types.removeAll(onlyDefaulted);
				return types;
			}
		};
	}

	@Bean
	dev.jobs.core.schedule.ScheduleSettings jobScheduleSettings(JobsProperties properties) {
		try {
			return properties.scheduleSettings();
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalStateException(ex.getMessage(), ex);
		}
	}

	@Bean
	JobTopology.Settings jobTopologySettings(JobsProperties properties) {
		return properties.topologySettings();
	}

	@Bean
	ApiSettings jobsApiSettings(JobsProperties properties) {
		return properties.apiSettings();
	}

	@Bean
	MetricsSettings jobsMetricsSettings(JobsProperties properties) {
		return properties.metricsSettings();
	}

	@Bean
	DeliverySettings jobsDeliverySettings(JobsProperties properties) {
		try {
			return properties.deliverySettings(workerId(properties));
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalStateException(ex.getMessage(), ex);
		}
	}

	private static String workerId(JobsProperties properties) {
		String configured = properties.getWorker().getId();
		if (configured != null && !configured.isBlank()) {
			return configured;
		}
		String host;
		try {
			host = InetAddress.getLocalHost().getHostName();
		}
		catch (Exception ex) {
			host = "unknown-host";
		}
		long pid = ManagementFactory.getRuntimeMXBean().getPid();
		return host + ":" + pid + ":" + UUID.randomUUID().toString().substring(0, 8);
	}

}
