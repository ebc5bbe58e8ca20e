package dev.jobs.core.schedule;

import dev.jobs.core.ScheduleFiringCheck;
import javax.sql.DataSource;

import dev.jobs.core.JobClient;
import dev.jobs.core.JobPermissions;
import dev.jobs.core.PlatformSchema;
import dev.jobs.core.job.JobTypeRegistry;
import dev.jobs.core.job.Payloads;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Recurring schedules: the store, the service, the scheduler loop and {@code /api/schedules}. */
@Configuration(proxyBeanMethods = false)
public class ScheduleConfiguration {

	/** Synchronises the configured schedules into {@code job_schedule} at start-up, so after the schema's migration. */
	@Bean
	@DependsOnDatabaseInitialization
	Schedules jobSchedules(DataSource dataSource, PlatformSchema schema, JobTypeRegistry registry, Payloads payloads,
			PlatformTransactionManager transactionManager, ScheduleSettings settings, JobClient jobs) {
		Schedules schedules = new Schedules(new ScheduleStore(schema.jdbcClient(dataSource), payloads), registry,
				payloads, new TransactionTemplate(transactionManager), jobs);
		// Configuration is checked and stored at start-up: a bad definition stops the start, naming it.
		schedules.synchronizeConfigured(settings.definitions());
		return schedules;
	}

	@Bean
	@ConditionalOnProperty(name = "jobs.schedules.enabled", matchIfMissing = true)
	Scheduler jobScheduler(DataSource dataSource, PlatformSchema schema, Schedules schedules, Payloads payloads, JobClient jobs,
			PlatformTransactionManager transactionManager, ScheduleSettings settings,
			ObjectProvider<ScheduleFiringCheck> firingCheck) {
		return new Scheduler(new ScheduleStore(schema.jdbcClient(dataSource), payloads), jobs,
				new TransactionTemplate(transactionManager), settings.pollInterval(), settings.misfireGrace(),
				firingCheck.getIfAvailable(() -> ScheduleFiringCheck.ALLOW_ALL));
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
	@ConditionalOnClass(name = "org.springframework.web.servlet.DispatcherServlet")
	@ConditionalOnProperty(name = "jobs.api.enabled", matchIfMissing = true)
	static class Api {

		@Bean
		ScheduleController scheduleController(Schedules schedules, JobPermissions access) {
			return new ScheduleController(schedules, access);
		}

	}

}
