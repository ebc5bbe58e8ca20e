package dev.jobs.core;

import java.util.List;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The tables one module owns, created and migrated by a Flyway instance of its own with a history table of its
 * own, in the platform's schema ({@link PlatformSchema}, {@code jobs.schema.name}), so its migrations and tables
 * never mix with the application's or another module's: the platform's ({@code jobs_schema_history}), the
 * built-in job types' ({@code job_types_schema_history}), and a team's own module of job types the same way. A
 * module's migrations name their tables unqualified: Flyway runs them with the platform's schema first on its
 * {@code search_path} (its own connection, never the application's).
 */
public final class ModuleSchema {

	private final DataSource dataSource;

	private final PlatformSchema schema;

	private final String location;

	private final String historyTable;

	/**
	 * @param schema the platform's schema, where the module's tables and its history table are
	 * @param location where the module's migrations are, e.g. {@code classpath:dev/jobs/core/db/migration}
	 * @param historyTable the module's own Flyway history table
	 */
	public ModuleSchema(DataSource dataSource, PlatformSchema schema, String location, String historyTable) {
		this.dataSource = dataSource;
		this.schema = schema;
		this.location = location;
		this.historyTable = historyTable;
	}

	/**
	 * Applies the module's pending migrations, creating the schema if it is missing.
	 * @throws IllegalStateException if the module's tables are in {@code public} (where they were created before
	 * the platform had a schema of its own: its history table is there) and not in this schema: migrating would
	 * create empty tables here and leave their rows behind unseen
	 */
	public void migrate() {
		refuseTablesElsewhere();
		Flyway.configure()
			.dataSource(dataSource)
			.schemas(schema.name())
			.defaultSchema(schema.name())
			.createSchemas(true)
			.table(historyTable)
			.locations(location)
			// The schema may hold other tables already (public, or another module's); this module's history starts
			// at 0.
			.baselineOnMigrate(true)
			.baselineVersion("0")
			.load()
			.migrate();
	}

	// Only public: other schemas may hold the tables of another application on the same database, each with its
	// own jobs.schema.name.
	private void refuseTablesElsewhere() {
		List<String> schemas = JdbcClient.create(dataSource)
			.sql("select table_schema from information_schema.tables where table_name = :table "
					+ "and table_schema in ('public', :schema)")
			.param("table", historyTable)
			.param("schema", schema.name())
			.query(String.class)
			.list();
		if (schemas.equals(List.of("public")) && !schema.name().equals("public")) {
			throw new IllegalStateException("The tables of " + location + " are in schema public (history table "
					+ historyTable + "), not in " + schema.name() + " (jobs.schema.name): set jobs.schema.name=public "
					+ "to keep them where they are, or move them (ALTER TABLE ... SET SCHEMA " + schema.name()
					+ ", history table included) before this start");
		}
	}

}
