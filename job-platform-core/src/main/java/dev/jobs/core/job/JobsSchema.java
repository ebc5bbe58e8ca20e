package dev.jobs.core.job;

import javax.sql.DataSource;

import dev.jobs.core.ModuleSchema;
import dev.jobs.core.PlatformSchema;

/**
 * The platform's own tables: a {@link ModuleSchema} in the platform's schema (history table
 * {@code jobs_schema_history} there), so the platform's tables and migrations never mix with the application's.
 */
class JobsSchema {

	static final String LOCATION = "classpath:dev/jobs/core/db/migration";

	static final String HISTORY_TABLE = "jobs_schema_history";

	private final ModuleSchema schema;

	JobsSchema(DataSource dataSource, PlatformSchema platformSchema) {
		this.schema = new ModuleSchema(dataSource, platformSchema, LOCATION, HISTORY_TABLE);
	}

	void migrate() {
		schema.migrate();
	}

}
