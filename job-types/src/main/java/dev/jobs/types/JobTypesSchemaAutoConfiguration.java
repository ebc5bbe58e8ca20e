package dev.jobs.types;

import javax.sql.DataSource;

import dev.jobs.core.autoconfigure.JobsAutoConfiguration;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * The built-in types' own tables ({@link JobTypesSchema}), migrated after the core's, unless
 * {@code jobs.schema.migrate=false}.
 */
@AutoConfiguration(after = JobsAutoConfiguration.class)
@ConditionalOnBean(DataSource.class)
@ConditionalOnProperty(name = "jobs.schema.migrate", matchIfMissing = true)
public class JobTypesSchemaAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	JobTypesSchema jobTypesSchema(DataSource dataSource,
			ObjectProvider<dev.jobs.core.job.JobsSchema> coreSchema) {
		coreSchema.ifAvailable(migrated -> {
		});
		JobTypesSchema schema = new JobTypesSchema(dataSource);
		schema.migrate();
		return schema;
	}

}
