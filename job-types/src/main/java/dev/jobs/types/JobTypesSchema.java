package dev.jobs.types;

import javax.sql.DataSource;

import dev.jobs.core.ModuleSchema;
import dev.jobs.core.PlatformSchema;

/**
 * The tables of the built-in job types: a {@link ModuleSchema} in the platform's schema beside its tables (history
 * table {@code job_types_schema_history} there), so they never mix with the application's tables and migrations
 * or the platform's migrations. The same schema, not one of their own: nothing of theirs refers to an
 * application table (the notifications' {@code user_id} is the {@code UserDirectory}'s id, no foreign key), and
 * an installation keeps all of the platform's tables in one place with one setting, {@code jobs.schema.name}.
 */
public class JobTypesSchema {

	public static final String LOCATION = "classpath:dev/jobs/types/db/migration";

	public static final String HISTORY_TABLE = "job_types_schema_history";

	private final ModuleSchema schema;

	public JobTypesSchema(DataSource dataSource, PlatformSchema platformSchema) {
		this.schema = new ModuleSchema(dataSource, platformSchema, LOCATION, HISTORY_TABLE);
	}

	public void migrate() {
		schema.migrate();
	}

}
