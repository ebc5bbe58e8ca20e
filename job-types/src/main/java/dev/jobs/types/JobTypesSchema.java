package dev.jobs.types;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;

/**
 * Creates and migrates the tables of the built-in job types (the operation log, ...) with a Flyway
 * instance of their own (history table {@code job_types_schema_history}), so these migrations never
 * mix with the core's ({@code jobs_schema_history}) or the application's.
 */
public class JobTypesSchema {

	public static final String LOCATION = "classpath:dev/jobs/types/db/migration";

	public static final String HISTORY_TABLE = "job_types_schema_history";

	private final DataSource dataSource;

	public JobTypesSchema(DataSource dataSource) {
		this.dataSource = dataSource;
	}

	public void migrate() {
		Flyway.configure()
			.dataSource(dataSource)
			.table(HISTORY_TABLE)
			.locations(LOCATION)
			// The application's and the core's tables are already there; our own history starts at 0.
			.baselineOnMigrate(true)
			.baselineVersion("0")
			.load()
			.migrate();
	}

}
