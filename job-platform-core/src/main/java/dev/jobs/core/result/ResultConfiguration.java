package dev.jobs.core.result;


import dev.jobs.core.JobPermissions;
import dev.jobs.core.job.ApplicationJobStore;
import dev.jobs.core.job.JobTypeRegistry;

import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Result files: the storage (replaceable by a bean of the application's own), the retention
 * cleanup ({@code jobs.results.cleanup.enabled}) and the download endpoint.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ResultProperties.class)
public class ResultConfiguration {

	@Bean
	@ConditionalOnMissingBean(ResultStorage.class)
	LocalDirectoryResultStorage jobsResultStorage(ResultProperties properties) {
		return new LocalDirectoryResultStorage(properties.getDirectory());
	}

	@Bean
	@ConditionalOnProperty(name = "jobs.results.cleanup.enabled", matchIfMissing = true)
	ResultRetention jobsResultRetention(ApplicationJobStore store, PlatformTransactionManager transactionManager,
			ResultStorage storage, JobTypeRegistry registry, ResultProperties properties) {
		return new ResultRetention(store.endedJobs(), new TransactionTemplate(transactionManager), storage,
				properties.getRetention(), registry::longestTimeout, properties.getCleanup().getInterval(),
				properties.getCleanup().getBatchSize());
	}

	/** {@code GET /api/jobs/{id}/result}, with the rest of the REST API. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
	@ConditionalOnClass(name = "org.springframework.web.servlet.DispatcherServlet")
	@ConditionalOnProperty(name = "jobs.api.enabled", matchIfMissing = true)
	static class ResultWebConfiguration {

		@Bean
		ResultController jobResultController(JobPermissions access, ResultStorage storage, ResultProperties properties) {
			return new ResultController(access, storage, properties.getRetention());
		}

		@Bean
		ResultProblemHandler jobResultProblemHandler() {
			return new ResultProblemHandler();
		}

	}

}
