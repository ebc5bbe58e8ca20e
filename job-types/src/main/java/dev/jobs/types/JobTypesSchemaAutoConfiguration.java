package dev.jobs.types;

import javax.sql.DataSource;

import dev.jobs.core.PlatformSchema;
import dev.jobs.core.autoconfigure.JobsAutoConfiguration;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * The built-in types' own tables ({@link JobTypesSchema}), migrated after the application's own
 * migrations, like the platform's; {@code jobs.schema.migrate=false} leaves them to the application. The order
 * is Spring Boot's database initialisation ({@link JobTypesSchemaInitializerDetector}); the beans that read these
 * tables are {@code @DependsOnDatabaseInitialization}.
 */
@AutoConfiguration(after = JobsAutoConfiguration.class)
@ConditionalOnBean(DataSource.class)
@ConditionalOnProperty(name = "jobs.schema.migrate", matchIfMissing = true)
public class JobTypesSchemaAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	JobTypesSchema jobTypesSchema(DataSource dataSource, PlatformSchema platformSchema) {
		// The application's own migrations run first (JobTypesSchemaInitializerDetector): they never create these
		// tables (this module is their one owner), but a database whose application once did keeps them (our
		// migrations create only what is missing).
		JobTypesSchema schema = new JobTypesSchema(dataSource, platformSchema);
		schema.migrate();
		return schema;
	}

}
