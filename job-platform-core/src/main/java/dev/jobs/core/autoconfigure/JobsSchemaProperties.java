package dev.jobs.core.autoconfigure;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The platform's own tables ({@code jobs.schema.*}). Read only as a condition
 * ({@code @ConditionalOnProperty}); bound here so the property is documented in the metadata.
 */
@ConfigurationProperties("jobs.schema")
public class JobsSchemaProperties {

	/** Whether the platform creates and migrates its own tables (Flyway, history table jobs_schema_history). */
	private boolean migrate = true;

	public boolean isMigrate() {
		return migrate;
	}

	public void setMigrate(boolean migrate) {
		this.migrate = migrate;
	}

}
