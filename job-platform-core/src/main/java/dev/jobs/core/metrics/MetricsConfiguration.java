package dev.jobs.core.metrics;

import dev.jobs.core.delivery.JobTopology;
import dev.jobs.core.delivery.Workers;
import dev.jobs.core.job.JobMetrics;
import dev.jobs.core.job.ApplicationJobStore;
import dev.jobs.core.job.JobTypeRegistry;

import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Gauges of queue lag, waiting jobs, outbox backlog and broker queues, refreshed in the background.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "jobs.metrics.enabled", matchIfMissing = true)
public class MetricsConfiguration {

	@Bean
	JobsGauges jobsGauges(ApplicationJobStore store, ConnectionFactory connectionFactory, JobTopology topology,
			JobTypeRegistry registry, JobMetrics metrics, ObjectProvider<Workers> workers, MetricsSettings settings,
			Environment environment) {
		ManagementApiQueues managementApi = null;
		if (settings.managementApiUrl() != null && !settings.managementApiUrl().toString().isBlank()) {
			managementApi = new ManagementApiQueues(settings.managementApiUrl(),
					(settings.managementApiUsername() != null) ? settings.managementApiUsername()
							: environment.getProperty("spring.rabbitmq.username", "guest"),
					(settings.managementApiPassword() != null) ? settings.managementApiPassword()
							: environment.getProperty("spring.rabbitmq.password", "guest"),
					connectionFactory.getVirtualHost());
		}
		return new JobsGauges(store.reads(), connectionFactory, managementApi, topology, registry,
				metrics.registry(), type -> {
			Workers w = workers.getIfAvailable();
			return (w != null) ? w.runningCount(type) : 0;
		});
	}

	@Bean
	SmartLifecycle jobsGaugesPoller(JobsGauges gauges, MetricsSettings settings) {
		return new GaugesPoller(gauges, settings.pollInterval());
	}

}
