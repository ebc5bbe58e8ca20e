package dev.jobs.types;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;

/**
 * Creates and migrates the tables of the built-in job types with a Flyway instance of its own
 * (history table {@code job_types_schema_history}), so they never mix with the application's
 * migrations or the platform's.
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
			// The application's tables may already be there; our own history starts at 0.
			.baselineOnMigrate(true)
			.baselineVersion("0")
			.load()
			.migrate();
	}

}
