package dev.jobs.core.control;

import java.time.Duration;

import javax.sql.DataSource;

import dev.jobs.core.JobTypeControls;
import dev.jobs.core.PlatformSchema;
import dev.jobs.core.delivery.Workers;
import dev.jobs.core.job.JobTypeRegistry;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The operators' controls of job types: where they are stored and what applies them on this instance. */
@Configuration(proxyBeanMethods = false)
public class TypeControlConfiguration {

	/** How often every instance reads the controls: a pause or a new concurrency applies within about this. */
	public record Settings(Duration pollInterval) {

		public Settings {
			if (pollInterval.isNegative() || pollInterval.isZero()) {
				throw new IllegalArgumentException("jobs.controls.poll-interval must be positive, got " + pollInterval);
			}
		}

	}

	@Bean
	@DependsOnDatabaseInitialization
	JobTypeControls jobTypeControls(DataSource dataSource, PlatformSchema schema, JobTypeRegistry registry) {
		return new DefaultJobTypeControls(new TypeControlRows(schema.jdbcClient(dataSource)), registry);
	}

	@Bean
	@DependsOnDatabaseInitialization
	TypeControlWatcher jobTypeControlWatcher(JobTypeControls controls, ObjectProvider<Workers> workers,
			Settings settings, ObjectProvider<MeterRegistry> meters, JobTypeRegistry registry) {
		return new TypeControlWatcher(controls, workers.getIfAvailable(), settings.pollInterval(),
				meters.getIfAvailable(), registry.all().stream().filter(t -> !t.messageDelivery())
					.map(dev.jobs.core.job.RegisteredJobType::name).toList());
	}

}
