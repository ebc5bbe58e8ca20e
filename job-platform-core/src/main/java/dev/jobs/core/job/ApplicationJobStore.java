package dev.jobs.core.job;

import javax.sql.DataSource;

import dev.jobs.core.PlatformSchema;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The job tables on the application's {@code DataSource}: a submission joins the caller's transaction, and so do
 * cancel, retry and the deletes. The bean the API, the operators' read model, the gauges and retention use; the
 * engine's statements are on {@link EngineJobStore}. It carries the application's transactions with it: a
 * statement that must not run alone (a key's lookup and its insert, a limit's count and its insert, a cancel and
 * its end listeners) runs in {@link #transaction()}, which joins the caller's when there is one.
 */
public final class ApplicationJobStore extends JobStore {

	private final EndedJobs endedJobs;

	private final TransactionTemplate transaction;

	ApplicationJobStore(DataSource applicationDataSource, PlatformSchema schema,
			PlatformTransactionManager applicationTransactions) {
		this(schema.jdbcClient(applicationDataSource), new TransactionTemplate(applicationTransactions));
	}

	private ApplicationJobStore(JdbcClient jdbc, TransactionTemplate transaction) {
		super(jdbc);
		this.endedJobs = new EndedJobs(jdbc, reads());
		this.transaction = transaction;
	}

	/** The application's transactions, in which this store's statements join the caller's. */
	public TransactionTemplate transaction() {
		return transaction;
	}

	public EndedJobs endedJobs() {
		return endedJobs;
	}

}
