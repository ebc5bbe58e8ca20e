package dev.jobs.core;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;

/**
 * The tables one module owns, created and migrated by a Flyway instance of its own with a history table of its
 * own, so its migrations never mix with the application's or another module's: the platform's
 * ({@code jobs_schema_history}), the built-in job types' ({@code job_types_schema_history}), and a team's own
 * module of job types the same way.
 */
public final class ModuleSchema {

	private final DataSource dataSource;

	private final String location;

	private final String historyTable;

	/**
	 * @param location where the module's migrations are, e.g. {@code classpath:dev/jobs/core/db/migration}
	 * @param historyTable the module's own Flyway history table
	 */
	public ModuleSchema(DataSource dataSource, String location, String historyTable) {
		this.dataSource = dataSource;
		this.location = location;
		this.historyTable = historyTable;
	}

	/** Applies the module's pending migrations. */
	public void migrate() {
		Flyway.configure()
			.dataSource(dataSource)
			.table(historyTable)
			.locations(location)
			// The application's tables may already be there; the module's own history starts at 0.
			.baselineOnMigrate(true)
			.baselineVersion("0")
			.load()
			.migrate();
	}

}
