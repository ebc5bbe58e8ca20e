package dev.jobs.core.instance;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.time.Instant;
import java.util.Map;

import javax.sql.DataSource;

import dev.jobs.core.PlatformInstances;
import dev.jobs.core.PlatformSchema;
import dev.jobs.core.delivery.DeliverySettings;
import dev.jobs.core.delivery.Workers;
import dev.jobs.core.job.JobTypeRegistry;
import dev.jobs.core.job.RegisteredJobType;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.info.BuildProperties;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The instances table, this instance's heartbeat and the {@link PlatformInstances} that reads them. */
@Configuration(proxyBeanMethods = false)
public class InstanceConfiguration {

	@Bean
	@DependsOnDatabaseInitialization
	PlatformInstances jobsPlatformInstances(DataSource dataSource, PlatformSchema schema, InstanceSettings settings,
			DeliverySettings delivery) {
		return new DefaultPlatformInstances(new InstanceRows(schema.jdbcClient(dataSource)),
				settings, delivery.workerId());
	}

	@Bean
	@DependsOnDatabaseInitialization
	InstanceHeartbeat jobsInstanceHeartbeat(DataSource dataSource, PlatformSchema schema, InstanceSettings settings,
			DeliverySettings delivery, JobTypeRegistry registry, ObjectProvider<Workers> workers,
			ObjectProvider<BuildProperties> build, ObjectProvider<MeterRegistry> meters) {
		InstanceHeartbeat.Identity identity = new InstanceHeartbeat.Identity(delivery.workerId(), hostName(),
				ManagementFactory.getRuntimeMXBean().getPid(), version(build.getIfAvailable()), Instant.now());
		// An instance with workers switched off (jobs.worker.enabled=false) is listed with no consumers.
		return new InstanceHeartbeat(new InstanceRows(schema.jdbcClient(dataSource)), settings,
				identity, () -> workers.stream().findFirst().map(Workers::consumersByType).orElse(Map.of()),
				() -> workers.stream().findFirst().map(Workers::runningByType).orElse(Map.of()),
				new InstanceGauges(meters.getIfAvailable(), registry.all().stream().map(RegisteredJobType::name).toList()));
	}

	private static String version(BuildProperties build) {
		if (build != null && build.getVersion() != null) {
			return build.getVersion();
		}
		String platform = InstanceConfiguration.class.getPackage().getImplementationVersion();
		return platform != null ? "jobs " + platform : "unknown";
	}

	private static String hostName() {
		try {
			return InetAddress.getLocalHost().getHostName();
		}
		catch (Exception ex) {
			return "unknown-host";
		}
	}

}
