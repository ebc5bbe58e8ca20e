package dev.jobs.test;

import dev.jobs.core.JobBrowser;
import dev.jobs.core.JobClient;
import dev.jobs.core.autoconfigure.JobsAutoConfiguration;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/** A {@link JobTestKit} wherever the platform runs with the kit on the classpath (test scope). */
@AutoConfiguration(after = JobsAutoConfiguration.class)
@ConditionalOnBean({ JobClient.class, JobBrowser.class })
public class JobTestKitAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	JobTestKit jobTestKit(JobClient jobs, JobBrowser browser, ObjectProvider<JsonMapper> json) {
		return new JobTestKit(jobs, browser, json.getIfAvailable(() -> JsonMapper.builder().findAndAddModules().build()));
	}

}
