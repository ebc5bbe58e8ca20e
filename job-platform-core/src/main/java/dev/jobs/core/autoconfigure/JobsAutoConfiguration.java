package dev.jobs.core.autoconfigure;

import dev.jobs.core.delivery.DeliveryConfiguration;
import dev.jobs.core.delivery.DeliverySettings;
import dev.jobs.core.control.TypeControlConfiguration;
import dev.jobs.core.instance.InstanceConfiguration;
import dev.jobs.core.instance.InstanceSettings;
import dev.jobs.core.delivery.JobTopology;
import dev.jobs.core.diagnostic.DiagnosticsConfiguration;
import dev.jobs.core.job.JobConfiguration;
import dev.jobs.core.job.JobTypeSettings;
import dev.jobs.core.job.SubmitSettings;
import dev.jobs.core.message.MessageDeliveryConfiguration;
import dev.jobs.core.metrics.MetricsConfiguration;
import dev.jobs.core.metrics.MetricsSettings;
import dev.jobs.core.result.ResultConfiguration;
import dev.jobs.core.result.ResultSettings;
import dev.jobs.core.schedule.ScheduleSettings;
import dev.jobs.core.AccessPolicy;
import dev.jobs.core.PlatformSchema;
import dev.jobs.core.web.ApiSettings;
import dev.jobs.core.web.WebConfiguration;

import org.springframework.boot.amqp.autoconfigure.RabbitAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;

/**
 * The job platform's auto-configuration: add the dependency, declare {@code JobHandler} beans, and
 * the application gets the job table, queues, workers, relay and REST API. Each part can be
 * switched off ({@code jobs.worker.enabled}, {@code jobs.relay.enabled}, {@code jobs.api.enabled},
 * {@code jobs.schema.migrate}) or replaced (a {@code JobClient} bean of the application's own).
 */
// Boot's Flyway by name: the platform does not bring it (its own Flyway is ModuleSchema); an application with
// migrations of its own does.
@AutoConfiguration(after = { DataSourceAutoConfiguration.class, DataSourceTransactionManagerAutoConfiguration.class,
		TransactionAutoConfiguration.class, RabbitAutoConfiguration.class, JacksonAutoConfiguration.class,
		ValidationAutoConfiguration.class },
		afterName = "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration")
@ConditionalOnProperty(name = "jobs.enabled", matchIfMissing = true)
@EnableConfigurationProperties({ JobTypesProperties.class, JobsWorkerProperties.class, JobsLeaseProperties.class,
		JobsRelayProperties.class, JobsPublisherProperties.class, JobsEngineProperties.class, JobsBrokerProperties.class,
		JobsApiProperties.class, JobsMetricsProperties.class, JobsScheduleProperties.class, JobsResultProperties.class,
		JobsSchemaProperties.class, JobsDiagnosticsProperties.class, JobsInstancesProperties.class,
		JobsControlsProperties.class, JobsSubmitProperties.class, JobsTracingProperties.class })
@Import({ JobConfiguration.class, DeliveryConfiguration.class, DiagnosticsConfiguration.class,
		WebConfiguration.class, MetricsConfiguration.class, ResultConfiguration.class,
		dev.jobs.core.schedule.ScheduleConfiguration.class, JobsAdminConfiguration.class,
		MessageDeliveryConfiguration.class, InstanceConfiguration.class,
		TypeControlConfiguration.class })
public class JobsAutoConfiguration {

	// The engine packages read these small records, never a properties class: configuration flows one
	// way, from here into the engine (SettingsMapping, JobTypeSettingsMapping). A record refuses
	// contradictory values with an IllegalArgumentException naming the properties; where the start must
	// fail with that message as its root cause, it is rethrown as an IllegalStateException.

	@Bean
	JobTypeSettings.Source jobTypeSettingsSource(JobTypesProperties properties, Environment environment) {
		return JobTypeSettingsMapping.source(properties,
				TypeDefaultsEnvironmentPostProcessor.typesOnlyDefaulted(environment));
	}

	/** Where the platform's tables are ({@code jobs.schema.name}); a name that is no plain identifier stops the start. */
	@Bean
	PlatformSchema jobsPlatformSchema(JobsSchemaProperties properties) {
		try {
			return PlatformSchema.named(properties.getName());
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalStateException(ex.getMessage(), ex);
		}
	}

	@Bean
	SubmitSettings jobsSubmitSettings(JobsSubmitProperties properties) {
		try {
			return new SubmitSettings(properties.getMaxGroupSize(), properties.getMaxCommitsInFlight());
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalStateException(ex.getMessage(), ex);
		}
	}

	@Bean
	ScheduleSettings jobScheduleSettings(JobsScheduleProperties properties) {
		try {
			return SettingsMapping.schedules(properties);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalStateException(ex.getMessage(), ex);
		}
	}

	@Bean
	JobTopology.Settings jobTopologySettings(JobsBrokerProperties properties, Environment environment) {
		return SettingsMapping.topology(properties, applicationName(environment));
	}

	@Bean
	InstanceSettings jobsInstanceSettings(JobsInstancesProperties properties) {
		try {
			return SettingsMapping.instances(properties);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalStateException(ex.getMessage(), ex);
		}
	}

	@Bean
	TypeControlConfiguration.Settings jobsControlSettings(JobsControlsProperties properties) {
		try {
			return new TypeControlConfiguration.Settings(properties.getPollInterval());
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalStateException(ex.getMessage(), ex);
		}
	}

	@Bean
	ApiSettings jobsApiSettings(JobsApiProperties properties) {
		return SettingsMapping.api(properties);
	}

	/** The one access decision (admin, reader, owner) that the API, the dashboard and the operators' API ask. */
	@Bean
	AccessPolicy jobsAccessPolicy(ApiSettings settings) {
		return new AccessPolicy(settings.adminRoles(), settings.readerRoles());
	}

	@Bean
	MetricsSettings jobsMetricsSettings(JobsMetricsProperties properties) {
		return SettingsMapping.metrics(properties);
	}

	@Bean
	ResultSettings jobsResultSettings(JobsResultProperties properties, Environment environment) {
		return SettingsMapping.results(properties, applicationName(environment));
	}

	@Bean
	SharedPlacesWarning jobsSharedPlacesWarning(JobsBrokerProperties broker, JobsResultProperties results,
			Environment environment) {
		return new SharedPlacesWarning(broker, results, applicationName(environment));
	}

	private static String applicationName(Environment environment) {
		return environment.getProperty("spring.application.name");
	}

	@Bean
	DeliverySettings jobsDeliverySettings(JobsWorkerProperties worker, JobsLeaseProperties lease,
			JobsRelayProperties relay, JobsPublisherProperties publisher, JobsEngineProperties engine) {
		try {
			return SettingsMapping.delivery(SettingsMapping.workerId(worker), worker, lease, relay, publisher, engine);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalStateException(ex.getMessage(), ex);
		}
	}

}
