package dev.jobs.core.job;

import java.util.Map;

import javax.sql.DataSource;

import dev.jobs.core.JobClient;
import dev.jobs.core.JobEndListener;
import dev.jobs.core.JobHandler;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.validation.Validator;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationInitializer;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.validation.beanvalidation.LocalValidatorFactoryBean;

/**
 * The job model: schema, state machine, types, payloads, queries and the client.
 */
@Configuration(proxyBeanMethods = false)
public class JobConfiguration {

	@Bean
	@ConditionalOnProperty(name = "jobs.schema.migrate", matchIfMissing = true)
	JobsSchema jobsSchema(DataSource dataSource, ObjectProvider<FlywayMigrationInitializer> applicationMigrations) {
		// Let the application's own migrations run first on an empty database, then add ours.
		applicationMigrations.ifAvailable(initializer -> {
		});
		JobsSchema schema = new JobsSchema(dataSource);
		schema.migrate();
		return schema;
	}

	/** The job tables on the application's DataSource: submissions join the caller's transaction. */
	@Bean
	JobStore jobStore(DataSource dataSource, ObjectProvider<JobsSchema> schema) {
		schema.ifAvailable(s -> {
		});
		return new JobStore(JdbcClient.create(dataSource));
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
	JobQueries jobQueries(JobStore store, Payloads payloads) {
		return new JobQueries(store, payloads);
	}

	/** The application's {@link JobEndListener}s, called in the transaction that records a job's end. */
	@Bean
	JobEndings jobEndings(ObjectProvider<JobEndListener> listeners, JobQueries queries) {
		return new JobEndings(listeners.orderedStream().toList(), queries);
	}

	@Bean
	@ConditionalOnMissingBean(JobClient.class)
	DefaultJobClient jobClient(JobTypeRegistry registry, JobStore store, JobQueries queries, Payloads payloads,
			MessageDispatcher dispatcher, PlatformTransactionManager transactionManager, JobMetrics metrics,
			JobEndings endings) {
		return new DefaultJobClient(registry, store, queries, payloads, dispatcher,
				new TransactionTemplate(transactionManager), metrics, endings);
	}

	@Bean
	@ConditionalOnMissingBean
	JobMetrics jobMetrics(ObjectProvider<MeterRegistry> registry) {
		return new JobMetrics(registry.getIfAvailable(SimpleMeterRegistry::new));
	}

}
