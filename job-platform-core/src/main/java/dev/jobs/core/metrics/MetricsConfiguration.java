package dev.jobs.core.metrics;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;


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
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

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
		long interval = settings.pollInterval().toMillis();
		return new SmartLifecycle() {

			private ScheduledExecutorService scheduler;

			@Override
			public void start() {
				scheduler = Executors.newSingleThreadScheduledExecutor(new CustomizableThreadFactory("jobs-gauges-"));
				scheduler.scheduleWithFixedDelay(gauges::refresh, 0, interval, TimeUnit.MILLISECONDS);
			}

			@Override
			public void stop() {
				scheduler.shutdownNow();
				scheduler = null;
			}

			@Override
			public boolean isRunning() {
				return scheduler != null;
			}

		};
	}

}
