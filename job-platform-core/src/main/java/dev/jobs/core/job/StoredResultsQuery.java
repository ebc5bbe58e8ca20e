package dev.jobs.core.job;

import dev.jobs.core.StoredResults;

import org.springframework.jdbc.core.simple.JdbcClient;

import static dev.jobs.core.JobStatus.SUCCEEDED;
import static dev.jobs.core.job.JobStateMachine.literal;

/** {@link StoredResults} read from the job table, on the application's data source. */
public class StoredResultsQuery implements StoredResults {

	private final JdbcClient jdbc;

	public StoredResultsQuery(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public long bytesHeldBy(String createdBy) {
		return jdbc.sql("""
				select coalesce(sum((result -> 'file' ->> 'size')::bigint), 0) from {jobs}.job
				 where created_by = :user and status = %s and result -> 'file' ->> 'size' is not null
				""".formatted(literal(SUCCEEDED))).param("user", createdBy).query(Long.class).single();
	}

}
