package dev.jobs.dashboard;

import dev.jobs.core.Batches;
import dev.jobs.core.FailureGroups;
import dev.jobs.core.JobAdmin;
import dev.jobs.core.JobBrowser;
import dev.jobs.core.JobTypeControls;
import dev.jobs.core.PlatformInstances;
import dev.jobs.core.schedule.Schedules;
import dev.jobs.core.autoconfigure.JobsAutoConfiguration;
import dev.jobs.core.operationlog.OperationLogReader;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Serves the dashboard under {@code /dashboard} in any servlet application that runs the job
 * platform. Who may see and who may act is the core's {@link JobAdmin#access} (admin roles act,
 * reader roles read); the application's security decides who is signed in, and may narrow further.
 */
@AutoConfiguration(after = JobsAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnBean({ JobBrowser.class, JobAdmin.class, JobTypeControls.class, PlatformInstances.class,
		Schedules.class, FailureGroups.class, Batches.class })
@ConditionalOnProperty(name = "jobs.dashboard.enabled", matchIfMissing = true)
@EnableConfigurationProperties(DashboardProperties.class)
public class DashboardAutoConfiguration {

	@Bean
	DashboardActions dashboardActions(JobAdmin admin) {
		return new DashboardActions(admin);
	}

	@Bean
	DashboardPages dashboardPages(JobBrowser browser, JobAdmin admin, DashboardProperties properties,
			tools.jackson.databind.json.JsonMapper json, ObjectProvider<OperationLogReader> operationLog,
			JobTypeControls controls, Batches batches) {
		return new DashboardPages(browser, admin, properties, json, operationLog, controls, batches);
	}

	/**
	 * The operation log page. Always registered: whether a reader exists is asked per request, so
	 * this configuration need not run after the module that provides it.
	 */
	@Bean
	OperationLogPage dashboardOperationLogPage(ObjectProvider<OperationLogReader> operationLog, JobAdmin admin,
			DashboardProperties properties, tools.jackson.databind.json.JsonMapper json) {
		return new OperationLogPage(operationLog, admin, properties, json);
	}

	@Bean
	InstancesPage dashboardInstancesPage(PlatformInstances instances, JobAdmin admin,
			ObjectProvider<OperationLogReader> operationLog, DashboardProperties properties) {
		return new InstancesPage(instances, admin, operationLog, properties);
	}

	@Bean
	ScheduleActions dashboardScheduleActions(Schedules schedules, JobAdmin admin) {
		return new ScheduleActions(schedules, admin);
	}

	@Bean
	SchedulesPage dashboardSchedulesPage(Schedules schedules, ScheduleActions actions, JobAdmin admin,
			ObjectProvider<OperationLogReader> operationLog, DashboardProperties properties,
			tools.jackson.databind.json.JsonMapper json) {
		return new SchedulesPage(schedules, actions, admin, operationLog, properties, json);
	}

	@Bean
	FailureGroupActions dashboardFailureGroupActions(FailureGroups groups) {
		return new FailureGroupActions(groups);
	}

	@Bean
	FailureGroupsPage dashboardFailureGroupsPage(FailureGroups groups, FailureGroupActions actions, JobAdmin admin,
			ObjectProvider<OperationLogReader> operationLog, DashboardProperties properties) {
		return new FailureGroupsPage(groups, actions, admin, operationLog, properties);
	}

	@Bean
	BatchActions dashboardBatchActions(Batches batches, JobAdmin admin) {
		return new BatchActions(batches, admin);
	}

	@Bean
	BatchesPage dashboardBatchesPage(Batches batches, BatchActions actions, JobAdmin admin,
			ObjectProvider<OperationLogReader> operationLog, DashboardProperties properties) {
		return new BatchesPage(batches, actions, admin, operationLog, properties);
	}

	@Bean
	TypeControlActions dashboardTypeControlActions(JobTypeControls controls, JobAdmin admin) {
		return new TypeControlActions(controls, admin);
	}

	@Bean
	DashboardActionController dashboardActionController(DashboardActions actions, JobBrowser browser,
			TypeControlActions typeControls) {
		return new DashboardActionController(actions, browser, typeControls);
	}

	@Bean
	WebMvcConfigurer dashboardAccess(JobAdmin admin) {
		return new WebMvcConfigurer() {

			@Override
			public void addInterceptors(InterceptorRegistry registry) {
				registry.addInterceptor(new DashboardAccessInterceptor(admin)).addPathPatterns("/dashboard", "/dashboard/**");
			}

		};
	}

}
