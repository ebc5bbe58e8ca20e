package dev.jobs.core.result;


import dev.jobs.core.JobPermissions;
import dev.jobs.core.job.ApplicationJobStore;
import dev.jobs.core.job.JobTypeRegistry;

import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Result files: the storage (replaceable by a bean of the application's own), the retention
 * cleanup ({@code jobs.results.cleanup.enabled}) and the download endpoint.
 */
@Configuration(proxyBeanMethods = false)
public class ResultConfiguration {

	@Bean
	@ConditionalOnMissingBean(ResultStorage.class)
	LocalDirectoryResultStorage jobsResultStorage(ResultSettings settings) {
		return new LocalDirectoryResultStorage(settings.directory());
	}

	@Bean
	@ConditionalOnProperty(name = "jobs.results.cleanup.enabled", matchIfMissing = true)
	ResultRetention jobsResultRetention(ApplicationJobStore store, PlatformTransactionManager transactionManager,
			ResultStorage storage, JobTypeRegistry registry, ResultSettings settings) {
		return new ResultRetention(store.endedJobs(), new TransactionTemplate(transactionManager), storage,
				settings.retention(), registry::longestTimeout, settings.cleanupInterval(), settings.cleanupBatchSize());
	}

	/** {@code GET /api/jobs/{id}/result}, with the rest of the REST API. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
	@ConditionalOnClass(name = "org.springframework.web.servlet.DispatcherServlet")
	@ConditionalOnProperty(name = "jobs.api.enabled", matchIfMissing = true)
	static class ResultWebConfiguration {

		@Bean
		ResultController jobResultController(JobPermissions access, ResultStorage storage, ResultSettings settings) {
			return new ResultController(access, storage, settings.retention());
		}

		@Bean
		ResultProblemHandler jobResultProblemHandler() {
			return new ResultProblemHandler();
		}

	}

}
