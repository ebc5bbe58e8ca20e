package dev.jobs.core.autoconfigure;

import javax.sql.DataSource;

import dev.jobs.core.AccessPolicy;
import dev.jobs.core.FailureGroups;
import dev.jobs.core.JobAdmin;
import dev.jobs.core.JobBrowser;
import dev.jobs.core.JobClient;
import dev.jobs.core.PlatformSchema;
import dev.jobs.core.StoredResults;
import dev.jobs.core.delivery.DeadLetters;
import dev.jobs.core.delivery.JobTopology;
import dev.jobs.core.delivery.TopologyQueues;
import dev.jobs.core.job.DefaultFailureGroups;
import dev.jobs.core.job.DefaultJobAdmin;
import dev.jobs.core.job.DefaultJobBrowser;
import dev.jobs.core.job.JobQueries;
import dev.jobs.core.job.ApplicationJobStore;
import dev.jobs.core.job.JobDeletions;
import dev.jobs.core.job.JobTypeRegistry;
import dev.jobs.core.job.StoredResultsQuery;
import dev.jobs.core.job.TypeQueues;
import dev.jobs.core.metrics.JobsGauges;
import dev.jobs.core.result.ResultStorage;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The operator's API: {@link JobBrowser} (read model), {@link JobAdmin} (repairs) and {@link FailureGroups}
 * (failed jobs by cause, acted on through the admin), what a dashboard builds on. Broker figures come from the
 * gauges' cache, so reading the overview never calls the broker.
 */
@Configuration(proxyBeanMethods = false)
class JobsAdminConfiguration {

	@Bean
	DefaultJobBrowser jobBrowser(ApplicationJobStore store, JobQueries queries, JobTypeRegistry registry,
			JobTopology topology, ObjectProvider<JobsGauges> gauges, DataSource dataSource, PlatformSchema schema) {
		TypeQueues queues = new TopologyQueues(topology, registry, queue -> {
			JobsGauges cache = gauges.getIfAvailable();
			return (cache != null) ? cache.ready(queue) : null;
		});
		return new DefaultJobBrowser(store.reads(), queries, registry, queues, schema.jdbcClient(dataSource));
	}

	@Bean
	@ConditionalOnMissingBean
	StoredResults jobsStoredResults(DataSource dataSource, PlatformSchema schema) {
		return new StoredResultsQuery(schema.jdbcClient(dataSource));
	}

	/** Deletes ended jobs by hand, with their result files (when results are stored). */
	@Bean
	JobDeletions jobDeletions(ApplicationJobStore store, ObjectProvider<ResultStorage> results,
			PlatformTransactionManager transactionManager) {
		ResultStorage storage = results.getIfAvailable();
		return new JobDeletions(store, (storage != null) ? storage::delete : null,
				new TransactionTemplate(transactionManager));
	}

	@Bean
	DefaultJobAdmin jobAdmin(JobClient client, DefaultJobBrowser browser, JobTypeRegistry registry,
			JobDeletions deletions, DeadLetters deadLetters, AccessPolicy policy) {
		return new DefaultJobAdmin(client, browser, registry, deletions, type -> {
			DeadLetters.Redrive done = deadLetters.redrive(type, JobAdmin.MAX_MATCHING);
			return new JobAdmin.Redrive(type, done.redriven(), done.skipped());
		}, policy);
	}

	@Bean
	DefaultFailureGroups failureGroups(JobAdmin admin, DataSource dataSource, PlatformSchema schema) {
		return new DefaultFailureGroups(schema.jdbcClient(dataSource), admin);
	}

}
