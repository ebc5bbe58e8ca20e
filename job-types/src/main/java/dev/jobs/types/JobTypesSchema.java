package dev.jobs.types;

import javax.sql.DataSource;

import dev.jobs.core.ModuleSchema;

/**
 * The tables of the built-in job types: a {@link ModuleSchema} (history table
 * {@code job_types_schema_history}), so they never mix with the application's migrations or the platform's.
 */
public class JobTypesSchema {

	public static final String LOCATION = "classpath:dev/jobs/types/db/migration";

	public static final String HISTORY_TABLE = "job_types_schema_history";

	private final ModuleSchema schema;

	public JobTypesSchema(DataSource dataSource) {
		this.schema = new ModuleSchema(dataSource, LOCATION, HISTORY_TABLE);
	}

	public void migrate() {
		schema.migrate();
	}

}
