package dev.jobs.core.job;

import javax.sql.DataSource;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The job tables on the application's {@code DataSource}: a submission joins the caller's transaction, and so do
 * cancel, retry and the deletes. The bean the API, the operators' read model, the gauges and retention use; the
 * engine's statements are on {@link EngineJobStore}.
 */
public final class ApplicationJobStore extends JobStore {

	private final EndedJobs endedJobs;

	ApplicationJobStore(DataSource applicationDataSource) {
		this(JdbcClient.create(applicationDataSource));
	}

	private ApplicationJobStore(JdbcClient jdbc) {
		super(jdbc);
		this.endedJobs = new EndedJobs(jdbc, reads());
	}

	public EndedJobs endedJobs() {
		return endedJobs;
	}

}
