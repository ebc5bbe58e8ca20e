package dev.jobs.core.autoconfigure;

import java.util.Optional;
import java.util.UUID;

import dev.jobs.core.JobClient;
import dev.jobs.core.JobView;
import dev.jobs.core.delivery.Workers;
import dev.jobs.core.job.DefaultJobClient;
import dev.jobs.core.job.JobMetrics;
import dev.jobs.core.job.JobStore;
import dev.jobs.core.job.Payloads;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.amqp.autoconfigure.RabbitAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.ClassUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The auto-configuration as an application meets it, tested the way Spring Boot tests its own:
 * it backs off where the application brings its own bean, can be switched off in parts, and
 * refuses contradictory settings at start. Runs against the real PostgreSQL and RabbitMQ.
 */
class JobsAutoConfigurationTest {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
				DataSourceTransactionManagerAutoConfiguration.class, TransactionAutoConfiguration.class,
				RabbitAutoConfiguration.class, JacksonAutoConfiguration.class, ValidationAutoConfiguration.class,
				JobsAutoConfiguration.class))
		.withPropertyValues(
				"spring.datasource.url=jdbc:postgresql://" + env("JOBS_DB_HOST", "127.0.0.1") + ":"
						+ env("JOBS_DB_PORT", "5432") + "/" + env("JOBS_TEST_DB_NAME", "jobs_test"),
				"spring.datasource.username=" + env("JOBS_DB_USER", "postgres"),
				"spring.datasource.password=" + env("JOBS_DB_PASSWORD", ""),
				"spring.rabbitmq.host=" + env("JOBS_RABBIT_HOST", "127.0.0.1"),
				"spring.rabbitmq.port=" + env("JOBS_RABBIT_PORT", "5672"),
				"spring.rabbitmq.username=" + env("JOBS_RABBIT_USER", "guest"),
				"spring.rabbitmq.password=" + env("JOBS_RABBIT_PASSWORD", "guest"),
				"jobs.broker.prefix=" + env("JOBS_TEST_BROKER_PREFIX", "jobs-test") + "-autoconfig",
				"jobs.worker.enabled=false", "jobs.relay.enabled=false", "jobs.metrics.enabled=false",
				"jobs.results.cleanup.enabled=false");

	@Test
	void bringsTheClientTheStoreAndTheWorkers() {
		runner.withPropertyValues("jobs.worker.enabled=true").run(context -> {
			assertThat(context).hasNotFailed();
			assertThat(context).hasSingleBean(DefaultJobClient.class);
			assertThat(context).hasSingleBean(JobStore.class);
			assertThat(context).hasSingleBean(Workers.class);
		});
	}

	@Test
	void theStoresAndTheSchedulesAreCreatedAfterTheSchemaIsMigrated() {
		// Spring Boot's own database-initialisation order (JobsSchemaInitializerDetector), not parameters that
		// exist only to order beans.
		runner.run(context -> {
			assertThat(context).hasNotFailed();
			for (String bean : new String[] { "jobStore", "jobsEngineDatabase", "jobSchedules" }) {
				assertThat(context.getBeanFactory().getBeanDefinition(bean).getDependsOn()).as(bean)
					.contains("jobsSchema");
			}
		});
	}

	@Test
	void backsOffForTheApplicationsOwnJobClientPayloadsAndMetrics() {
		runner.withUserConfiguration(OwnBeans.class).run(context -> {
			assertThat(context).hasNotFailed();
			assertThat(context).getBean(JobClient.class).isSameAs(context.getBean(OwnBeans.class).client);
			assertThat(context).doesNotHaveBean(DefaultJobClient.class);
			assertThat(context).getBean(JobMetrics.class).isSameAs(context.getBean(OwnBeans.class).metrics);
			assertThat(context).hasSingleBean(Payloads.class);
			assertThat(context).getBean(Payloads.class).isSameAs(context.getBean(OwnBeans.class).payloads);
		});
	}

	@Test
	void submitOnlyInstanceHasAClientButNoWorkers() {
		runner.run(context -> {
			assertThat(context).hasSingleBean(JobClient.class);
			assertThat(context).doesNotHaveBean(Workers.class);
		});
	}

	@Test
	void switchedOffPlatformBringsNothing() {
		runner.withPropertyValues("jobs.enabled=false").run(context -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(JobClient.class);
			assertThat(context).doesNotHaveBean(JobStore.class);
		});
	}

	@Test
	void contradictorySettingsStopTheStartWithAMessageNamingThem() {
		runner.withPropertyValues("jobs.lease.duration=2s", "jobs.lease.heartbeat-interval=5s").run(context -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("jobs.lease.heartbeat-interval")
				.hasMessageContaining("jobs.lease.duration");
		});
	}

	@Test
	void aSchemaNameThatIsNoPlainIdentifierStopsTheStartNamingTheProperty() {
		runner.withPropertyValues("jobs.schema.name=Jobs-1").run(context -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("jobs.schema.name must be a plain SQL identifier")
				.hasMessageContaining("'Jobs-1'");
		});
	}

	/**
	 * The platform brings Flyway for its own schema only: Spring Boot's Flyway auto-configuration, which would
	 * migrate (or refuse) the application's database, comes only with an application that asks for it.
	 */
	@Test
	void theCoreDoesNotBringSpringBootsFlyway() {
		assertThat(ClassUtils.isPresent("org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration", null))
			.isFalse();
		assertThat(ClassUtils.isPresent("org.flywaydb.core.Flyway", null)).isTrue();
	}

	private static String env(String name, String fallback) {
		String value = System.getenv(name);
		return (value != null && !value.isBlank()) ? value : fallback;
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnBeans {

		final JobClient client = new JobClient() {
			@Override
			public Submission submit(String type, Object payload, dev.jobs.core.SubmitOptions options) {
				throw new UnsupportedOperationException("the application's own client");
			}

			@Override
			public Optional<JobView> find(UUID id) {
				return Optional.empty();
			}

			@Override
			public JobView cancel(UUID id) {
				throw new UnsupportedOperationException();
			}

			@Override
			public JobView retry(UUID id) {
				throw new UnsupportedOperationException();
			}
		};

		final JobMetrics metrics = new JobMetrics(new SimpleMeterRegistry());

		final Payloads payloads = new Payloads(tools.jackson.databind.json.JsonMapper.builder().build(),
				jakarta.validation.Validation.buildDefaultValidatorFactory().getValidator());

		@Bean
		JobClient ownJobClient() {
			return client;
		}

		@Bean
		JobMetrics ownJobMetrics() {
			return metrics;
		}

		@Bean
		Payloads ownPayloads() {
			return payloads;
		}

	}

}
