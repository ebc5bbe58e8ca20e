package dev.jobs.core.job;

import javax.sql.DataSource;

import dev.jobs.core.ModuleSchema;

/**
 * The platform's own tables: a {@link ModuleSchema} (history table {@code jobs_schema_history}), so the
 * platform's migrations never mix with the application's.
 */
class JobsSchema {

	static final String LOCATION = "classpath:dev/jobs/core/db/migration";

	static final String HISTORY_TABLE = "jobs_schema_history";

	private final ModuleSchema schema;

	JobsSchema(DataSource dataSource) {
		this.schema = new ModuleSchema(dataSource, LOCATION, HISTORY_TABLE);
	}

	void migrate() {
		schema.migrate();
	}

}
