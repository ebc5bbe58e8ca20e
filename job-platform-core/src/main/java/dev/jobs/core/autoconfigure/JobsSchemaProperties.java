package dev.jobs.core.autoconfigure;

import dev.jobs.core.PlatformSchema;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The platform's own tables ({@code jobs.schema.*}): where they are, and whether the platform migrates them
 * ({@code migrate} is read only as a condition, {@code @ConditionalOnProperty}; bound here so it is documented in
 * the metadata).
 */
@ConfigurationProperties("jobs.schema")
public class JobsSchemaProperties {

	/**
	 * The PostgreSQL schema of the platform's tables and of its modules' (job-types'), created if missing, apart
	 * from the application's; a plain SQL identifier. public keeps the tables of an installation that has them
	 * there.
	 */
	private String name = PlatformSchema.DEFAULT_NAME;

	/**
	 * Whether the platform creates and migrates its own tables (its own Flyway, history table jobs_schema_history
	 * in that schema).
	 */
	private boolean migrate = true;

	public String getName() {
		return name;
	}

	public void setName(String name) {
		this.name = name;
	}

	public boolean isMigrate() {
		return migrate;
	}

	public void setMigrate(boolean migrate) {
		this.migrate = migrate;
	}

}
