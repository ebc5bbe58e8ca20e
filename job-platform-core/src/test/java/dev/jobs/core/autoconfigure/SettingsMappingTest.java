package dev.jobs.core.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import dev.jobs.core.delivery.DeliverySettings;
import dev.jobs.core.delivery.JobTopology;
import dev.jobs.core.job.JobTypeSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Each {@code jobs.*} property reaches the settings record the engine reads: bound by its area's properties
 * class, carried over by the mapping. Binding only: no database or broker.
 */
class SettingsMappingTest {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(AllProperties.class);

	@Test
	void deliveryPropertiesOfFiveAreasReachTheDeliverySettings() {
		runner
			.withPropertyValues("jobs.worker.id=worker-7", "jobs.worker.drain-timeout=11s",
					"jobs.worker.timeout-grace=12s", "jobs.lease.duration=40s", "jobs.lease.heartbeat-interval=4s",
					"jobs.lease.reaper-interval=6s", "jobs.relay.enabled=false", "jobs.relay.interval=2s",
					"jobs.relay.min-age=15s", "jobs.relay.batch-size=50", "jobs.relay.overdue-after=20m",
					"jobs.relay.max-backoff=2m", "jobs.publisher.confirm-timeout=3s",
					"jobs.publisher.queue-capacity=99", "jobs.publisher.mark-interval=30ms", "jobs.engine.pool-size=0")
			.run(context -> {
				JobsWorkerProperties worker = context.getBean(JobsWorkerProperties.class);
				DeliverySettings settings = SettingsMapping.delivery(SettingsMapping.workerId(worker), worker,
						context.getBean(JobsLeaseProperties.class), context.getBean(JobsRelayProperties.class),
						context.getBean(JobsPublisherProperties.class), context.getBean(JobsEngineProperties.class));

				assertThat(settings).isEqualTo(new DeliverySettings("worker-7", Duration.ofSeconds(11),
						Duration.ofSeconds(12), Duration.ofSeconds(40), Duration.ofSeconds(4), Duration.ofSeconds(6),
						false, Duration.ofSeconds(2), Duration.ofSeconds(15), 50, Duration.ofMinutes(20),
						Duration.ofMinutes(2), Duration.ofSeconds(3), 99, Duration.ofMillis(30), 0));
			});
	}

	@Test
	void withoutAConfiguredIdEachProcessNamesItsWorkerUniquely() {
		JobsWorkerProperties worker = new JobsWorkerProperties();

		assertThat(SettingsMapping.workerId(worker)).isNotBlank().isNotEqualTo(SettingsMapping.workerId(worker));
	}

	@Test
	void brokerApiMetricsScheduleAndResultPropertiesReachTheirSettings() {
		runner
			.withPropertyValues("jobs.broker.prefix=acme", "jobs.broker.queue-type=classic",
					"jobs.broker.delivery-limit=5", "jobs.broker.retry-tiers=2s,1m", "jobs.api.max-page-size=50",
					"jobs.api.admin-roles=OPS", "jobs.api.reader-roles=", "jobs.api.allow-anonymous=true",
					"jobs.api.max-request-size=1MB", "jobs.metrics.poll-interval=30s",
					"jobs.metrics.management-api.url=http://rabbit:15672", "jobs.schedules.enabled=false",
					"jobs.schedules.poll-interval=2s", "jobs.schedules.misfire-grace=5m",
					"jobs.schedules.definitions.nightly.type=EXPORT", "jobs.schedules.definitions.nightly.cron=0 0 2 * * *",
					"jobs.schedules.definitions.nightly.zone=UTC", "jobs.results.directory=/srv/results",
					"jobs.results.retention=3d", "jobs.results.cleanup.interval=10m",
					"jobs.results.cleanup.batch-size=20")
			.run(context -> {
				assertThat(SettingsMapping.topology(context.getBean(JobsBrokerProperties.class), "billing"))
					.isEqualTo(new JobTopology.Settings("acme", JobTopology.QueueType.CLASSIC, 5,
							List.of(Duration.ofSeconds(2), Duration.ofMinutes(1))));
				assertThat(SettingsMapping.api(context.getBean(JobsApiProperties.class))).satisfies(api -> {
					assertThat(api.maxPageSize()).isEqualTo(50);
					assertThat(api.adminRoles()).containsExactly("OPS");
					assertThat(api.readerRoles()).isEmpty();
					assertThat(api.allowAnonymous()).isTrue();
					assertThat(api.maxRequestSize()).isEqualTo(1024 * 1024);
				});
				assertThat(SettingsMapping.metrics(context.getBean(JobsMetricsProperties.class))).satisfies(m -> {
					assertThat(m.pollInterval()).isEqualTo(Duration.ofSeconds(30));
					assertThat(m.managementApiUrl()).hasToString("http://rabbit:15672");
				});
				assertThat(SettingsMapping.schedules(context.getBean(JobsScheduleProperties.class))).satisfies(s -> {
					assertThat(s.enabled()).isFalse();
					assertThat(s.misfireGrace()).isEqualTo(Duration.ofMinutes(5));
					assertThat(s.definitions().get("nightly").cron()).isEqualTo("0 0 2 * * *");
				});
				assertThat(SettingsMapping.results(context.getBean(JobsResultProperties.class), "billing")).satisfies(r -> {
					assertThat(r.directory()).isEqualTo(Path.of("/srv/results"));
					assertThat(r.retention()).isEqualTo(Duration.ofDays(3));
					assertThat(r.cleanupInterval()).isEqualTo(Duration.ofMinutes(10));
					assertThat(r.cleanupBatchSize()).isEqualTo(20);
				});
			});
	}

	@Test
	void withoutPropertiesQueuesAndResultFilesAreNamedAfterTheApplication() {
		runner.withPropertyValues("spring.application.name=billing").run(context -> {
			JobsBrokerProperties broker = context.getBean(JobsBrokerProperties.class);
			JobsResultProperties results = context.getBean(JobsResultProperties.class);

			assertThat(SettingsMapping.topology(broker, "billing").prefix()).isEqualTo("billing-jobs");
			assertThat(SettingsMapping.results(results, "billing").directory())
				.isEqualTo(Path.of(System.getProperty("java.io.tmpdir"), "billing", "jobs-results"));
			assertThat(SettingsMapping.sharedPlacesWarning(broker, results, "billing")).isEmpty();
		});
	}

	@Test
	void anApplicationNameCannotLeaveTheTemporaryDirectoryNorSplitAQueueName() {
		JobsBrokerProperties broker = new JobsBrokerProperties();
		JobsResultProperties results = new JobsResultProperties();

		assertThat(SettingsMapping.brokerPrefix(broker, "../Billing Service/v2")).isEqualTo("Billing-Service-v2-jobs");
		assertThat(SettingsMapping.resultDirectory(results, "../Billing Service/v2"))
			.isEqualTo(Path.of(System.getProperty("java.io.tmpdir"), "Billing-Service-v2", "jobs-results"));
	}

	@Test
	void withoutANameTheSharedDefaultsStillWorkAndTheWarningSaysHowToOwnThem() {
		JobsBrokerProperties broker = new JobsBrokerProperties();
		JobsResultProperties results = new JobsResultProperties();

		assertThat(SettingsMapping.brokerPrefix(broker, " ")).isEqualTo("jobs");
		assertThat(SettingsMapping.resultDirectory(results, null))
			.isEqualTo(Path.of(System.getProperty("java.io.tmpdir"), "jobs-results"));
		assertThat(SettingsMapping.sharedPlacesWarning(broker, results, null)).hasValueSatisfying(
				warning -> assertThat(warning).contains("jobs.broker.prefix=jobs", "jobs.results.directory=",
						"shared", "spring.application.name"));
	}

	@Test
	void configuredPlacesWinOverTheNameAndNeedNoWarning() {
		JobsBrokerProperties broker = new JobsBrokerProperties();
		broker.setPrefix("acme");
		JobsResultProperties results = new JobsResultProperties();
		results.setDirectory(Path.of("/srv/results"));

		assertThat(SettingsMapping.brokerPrefix(broker, "billing")).isEqualTo("acme");
		assertThat(SettingsMapping.resultDirectory(results, "billing")).isEqualTo(Path.of("/srv/results"));
		assertThat(SettingsMapping.sharedPlacesWarning(broker, results, null)).isEmpty();
	}

	@Test
	@ExtendWith(OutputCaptureExtension.class)
	void anUnnamedApplicationLogsOneWarningAtStart(CapturedOutput output) {
		runner.withUserConfiguration(WarningAtStart.class).run(context -> {
			assertThat(context).hasNotFailed();
			assertThat(output).containsOnlyOnce("shared with every other application that has no name");
		});
		runner.withUserConfiguration(WarningAtStart.class)
			.withPropertyValues("spring.application.name=billing")
			.run(context -> assertThat(output).containsOnlyOnce("shared with every other application"));
	}

	@Test
	void aTypeTakesItsOwnPropertiesThenTheDefaults() {
		runner.withPropertyValues("jobs.defaults.max-attempts=7", "jobs.types.EXPORT.concurrency=9").run(context -> {
			JobTypeSettings.Source source = JobTypeSettingsMapping.source(context.getBean(JobTypesProperties.class));

			JobTypeSettings export = source.settingsFor("EXPORT", List.of());
			assertThat(export.concurrency()).isEqualTo(9);
			assertThat(export.maxAttempts()).isEqualTo(7);
			assertThat(export.prefetch()).as("the built-in default").isEqualTo(2);
			assertThat(source.configuredTypes()).containsExactly("EXPORT");
		});
	}

	@Test
	void contradictoryScheduleSettingsAreRefusedNamingTheProperties() {
		JobsScheduleProperties schedules = new JobsScheduleProperties();
		schedules.setPollInterval(Duration.ofMinutes(2));

		assertThatIllegalArgumentException().isThrownBy(() -> SettingsMapping.schedules(schedules))
			.withMessageContaining("jobs.schedules.misfire-grace")
			.withMessageContaining("jobs.schedules.poll-interval");
	}

	@Configuration(proxyBeanMethods = false)
	static class WarningAtStart {

		@Bean
		SharedPlacesWarning sharedPlacesWarning(JobsBrokerProperties broker, JobsResultProperties results,
				Environment environment) {
			return new SharedPlacesWarning(broker, results, environment.getProperty("spring.application.name"));
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties({ JobTypesProperties.class, JobsWorkerProperties.class, JobsLeaseProperties.class,
			JobsRelayProperties.class, JobsPublisherProperties.class, JobsEngineProperties.class,
			JobsBrokerProperties.class, JobsApiProperties.class, JobsMetricsProperties.class,
			JobsScheduleProperties.class, JobsResultProperties.class })
	static class AllProperties {

	}

}
