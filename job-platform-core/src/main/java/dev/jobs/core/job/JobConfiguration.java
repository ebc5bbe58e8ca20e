package dev.jobs.core.job;

import java.util.Map;

import javax.sql.DataSource;

import dev.jobs.core.Batches;
import dev.jobs.core.JobClient;
import dev.jobs.core.JobEndListener;
import dev.jobs.core.JobHandler;
import dev.jobs.core.PlatformSchema;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.validation.Validator;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.sql.init.dependency.DatabaseInitializationDependencyConfigurer;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.validation.beanvalidation.LocalValidatorFactoryBean;

/**
 * The job model: schema, state machine, types, payloads, queries and the client.
 */
@Configuration(proxyBeanMethods = false)
// Orders the database initialisers and the beans that depend on them (also imported by Boot's Flyway and SQL
// init auto-configurations; here so the order holds whichever of them runs).
@Import(DatabaseInitializationDependencyConfigurer.class)
public class JobConfiguration {

	/**
	 * The platform's tables. A database initialiser in Spring Boot's sense ({@link JobsSchemaInitializerDetector}):
	 * it runs after the application's own Flyway, and before every bean marked
	 * {@link DependsOnDatabaseInitialization}.
	 */
	@Bean
	@ConditionalOnProperty(name = "jobs.schema.migrate", matchIfMissing = true)
	JobsSchema jobsSchema(DataSource dataSource, PlatformSchema platformSchema) {
		JobsSchema schema = new JobsSchema(dataSource, platformSchema);
		schema.migrate();
		return schema;
	}

	/**
	 * The job tables on the application's DataSource: submissions join the caller's transaction. The engine's
	 * statements are on the delivery package's own pool ({@link EngineJobStore}), never on this bean.
	 */
	@Bean
	@DependsOnDatabaseInitialization
	ApplicationJobStore jobStore(DataSource dataSource, PlatformSchema schema,
			PlatformTransactionManager transactionManager) {
		return new ApplicationJobStore(dataSource, schema, transactionManager);
	}

	@Bean
	@SuppressWarnings({ "rawtypes", "unchecked" })
	JobTypeRegistry jobTypeRegistry(ApplicationContext context, JobTypeSettings.Source settings) {
		Map handlers = context.getBeansOfType(JobHandler.class);
		return new JobTypeRegistry((Map<String, JobHandler<?>>) handlers, settings);
	}

	@Bean
	@ConditionalOnMissingBean
	Payloads jobPayloads(ObjectProvider<JsonMapper> jsonMapper, ObjectProvider<Validator> validator) {
		JsonMapper mapper = jsonMapper.getIfAvailable(() -> JsonMapper.builder().findAndAddModules().build());
		Validator v = validator.getIfAvailable(() -> {
			LocalValidatorFactoryBean factory = new LocalValidatorFactoryBean();
			factory.afterPropertiesSet();
			return factory;
		});
		return new Payloads(mapper, v);
	}

	@Bean
	JobQueries jobQueries(ApplicationJobStore store, Payloads payloads) {
		return new JobQueries(store.reads(), payloads);
	}

	/**
	 * What a job's end sets off in the transaction that records it: the batches and workflows waiting for it
	 * ({@link JobFanIn}), then the application's {@link JobEndListener}s.
	 */
	@Bean
	JobEndings jobEndings(ObjectProvider<JobEndListener> listeners, JobQueries queries, MessageDispatcher dispatcher,
			JobMetrics metrics) {
		return new JobEndings(listeners.orderedStream().toList(), queries, new JobFanIn(dispatcher, metrics));
	}

	@Bean
	@ConditionalOnMissingBean(JobClient.class)
	DefaultJobClient jobClient(JobTypeRegistry registry, ApplicationJobStore store, JobQueries queries, Payloads payloads,
			MessageDispatcher dispatcher, JobMetrics metrics, JobEndings endings, ObjectProvider<SubmitSettings> settings) {
		SubmitSettings submit = settings.getIfAvailable(SubmitSettings::defaults);
		return new DefaultJobClient(registry, store, queries, payloads, dispatcher, metrics, endings,
				submit.maxGroupSize(), submit.maxCommitsInFlight());
	}

	/** Batches and workflows: reads, cancel, retry and seal. */
	@Bean
	@ConditionalOnMissingBean(Batches.class)
	DefaultBatches jobBatches(ApplicationJobStore store, Payloads payloads, ObjectProvider<DefaultJobClient> client,
			JobTypeRegistry registry, JobQueries queries, MessageDispatcher dispatcher, JobMetrics metrics,
			JobEndings endings) {
		DefaultJobClient retries = client.getIfAvailable(() -> DefaultJobClient.forFollowUps(registry, store, queries,
				payloads, dispatcher, metrics, endings));
		return new DefaultBatches(store, payloads, retries, endings);
	}

	@Bean
	@ConditionalOnMissingBean
	JobMetrics jobMetrics(ObjectProvider<MeterRegistry> registry, ObjectProvider<JobTracing> tracing) {
		return new JobMetrics(registry.getIfAvailable(SimpleMeterRegistry::new), tracing.getIfAvailable(() -> JobTracing.NONE));
	}

	/**
	 * The spans of a job's life, when Micrometer Tracing is on the class path and the application has a real
	 * tracer (Spring Boot's OpenTelemetry starter brings both), unless {@code jobs.tracing.enabled=false}.
	 * Otherwise {@link JobTracing#NONE}: no span, no stored context, nothing per job.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "io.micrometer.tracing.Tracer")
	@ConditionalOnProperty(name = "jobs.tracing.enabled", matchIfMissing = true)
	static class Tracing {

		@Bean
		@ConditionalOnMissingBean
		JobTracing jobTracing(ObjectProvider<io.micrometer.tracing.Tracer> tracer) {
			io.micrometer.tracing.Tracer found = tracer.getIfUnique();
			return (found == null || found == io.micrometer.tracing.Tracer.NOOP) ? JobTracing.NONE
					: new MicrometerJobTracing(found);
		}

	}

}
