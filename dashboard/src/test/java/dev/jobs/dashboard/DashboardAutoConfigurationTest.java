package dev.jobs.dashboard;

import dev.jobs.core.JobAdmin;
import dev.jobs.core.JobBrowser;
import tools.jackson.databind.json.JsonMapper;

import org.junit.jupiter.api.Test;
import org.mockito.Mockito;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class DashboardAutoConfigurationTest {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DashboardAutoConfiguration.class))
		.withBean(JsonMapper.class, () -> JsonMapper.builder().build());

	@Test
	void servesTheDashboardWhenThePlatformsOperatorApiIsThere() {
		runner.withBean(JobBrowser.class, () -> Mockito.mock(JobBrowser.class))
			.withBean(JobAdmin.class, () -> Mockito.mock(JobAdmin.class))
			.withBean(dev.jobs.core.JobTypeControls.class, () -> Mockito.mock(dev.jobs.core.JobTypeControls.class))
			.withBean(dev.jobs.core.PlatformInstances.class, () -> Mockito.mock(dev.jobs.core.PlatformInstances.class))
			.withBean(dev.jobs.core.schedule.Schedules.class, () -> Mockito.mock(dev.jobs.core.schedule.Schedules.class))
			.withBean(dev.jobs.core.FailureGroups.class, () -> Mockito.mock(dev.jobs.core.FailureGroups.class))
			.withBean(dev.jobs.core.Batches.class, () -> Mockito.mock(dev.jobs.core.Batches.class))
			.run(context -> assertThat(context).hasSingleBean(DashboardActions.class)
				.hasSingleBean(DashboardPages.class)
				.hasSingleBean(DashboardActionController.class)
				.hasSingleBean(OperationLogPage.class)
				.hasSingleBean(SchedulesPage.class)
				.hasSingleBean(InstancesPage.class)
				.hasSingleBean(FailureGroupsPage.class)
				.hasSingleBean(FailureGroupActions.class)
				.hasSingleBean(BatchesPage.class)
				.hasSingleBean(BatchActions.class));
	}

	@Test
	void backsOffWhereThePlatformHasNoBatches() {
		runner.withBean(JobBrowser.class, () -> Mockito.mock(JobBrowser.class))
			.withBean(JobAdmin.class, () -> Mockito.mock(JobAdmin.class))
			.withBean(dev.jobs.core.JobTypeControls.class, () -> Mockito.mock(dev.jobs.core.JobTypeControls.class))
			.withBean(dev.jobs.core.PlatformInstances.class, () -> Mockito.mock(dev.jobs.core.PlatformInstances.class))
			.withBean(dev.jobs.core.schedule.Schedules.class, () -> Mockito.mock(dev.jobs.core.schedule.Schedules.class))
			.withBean(dev.jobs.core.FailureGroups.class, () -> Mockito.mock(dev.jobs.core.FailureGroups.class))
			.run(context -> assertThat(context).doesNotHaveBean(DashboardActions.class));
	}

	@Test
	void backsOffWhereThePlatformHasNoFailureGroups() {
		runner.withBean(JobBrowser.class, () -> Mockito.mock(JobBrowser.class))
			.withBean(JobAdmin.class, () -> Mockito.mock(JobAdmin.class))
			.withBean(dev.jobs.core.JobTypeControls.class, () -> Mockito.mock(dev.jobs.core.JobTypeControls.class))
			.withBean(dev.jobs.core.PlatformInstances.class, () -> Mockito.mock(dev.jobs.core.PlatformInstances.class))
			.withBean(dev.jobs.core.schedule.Schedules.class, () -> Mockito.mock(dev.jobs.core.schedule.Schedules.class))
			.run(context -> assertThat(context).doesNotHaveBean(DashboardActions.class));
	}

	@Test
	void backsOffWithoutTheJobPlatform() {
		runner.run(context -> assertThat(context).doesNotHaveBean(DashboardActions.class));
	}

	@Test
	void canBeSwitchedOff() {
		runner.withBean(JobBrowser.class, () -> Mockito.mock(JobBrowser.class))
			.withBean(JobAdmin.class, () -> Mockito.mock(JobAdmin.class))
			.withPropertyValues("jobs.dashboard.enabled=false")
			.run(context -> assertThat(context).doesNotHaveBean(DashboardActions.class));
	}

}
