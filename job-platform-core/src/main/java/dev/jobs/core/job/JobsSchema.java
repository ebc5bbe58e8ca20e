package dev.jobs.core.job;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;

/**
 * Creates and migrates the platform's own tables with a Flyway instance of its own (history table
 * {@code jobs_schema_history}), so the platform's migrations never mix with the application's.
 */
class JobsSchema {

	static final String LOCATION = "classpath:dev/jobs/core/db/migration";

	static final String HISTORY_TABLE = "jobs_schema_history";

	private final DataSource dataSource;

	JobsSchema(DataSource dataSource) {
		this.dataSource = dataSource;
	}

	void migrate() {
		Flyway.configure()
			.dataSource(dataSource)
			.table(HISTORY_TABLE)
			.locations(LOCATION)
			// The application's tables may already be there; our own history starts at 0.
			.baselineOnMigrate(true)
			.baselineVersion("0")
			.load()
			.migrate();
	}

}
