package dev.jobs.types;

import javax.sql.DataSource;

import dev.jobs.core.autoconfigure.JobsAutoConfiguration;
import dev.jobs.core.message.MessageSender;
import dev.jobs.types.operationlog.OperationLogConfiguration;
import dev.jobs.types.operationlog.OperationLogProperties;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Import;

/**
 * The built-in {@code OPERATION_LOG} type and the {@code @OperationLog} recording, in any application
 * with the job platform and a database. Switched off by {@code jobs.operation-log.enabled=false}.
 */
@AutoConfiguration(after = { JobsAutoConfiguration.class, JobTypesSchemaAutoConfiguration.class })
@ConditionalOnBean({ DataSource.class, MessageSender.class })
@ConditionalOnProperty(name = "jobs.operation-log.enabled", matchIfMissing = true)
@EnableConfigurationProperties(OperationLogProperties.class)
@Import(OperationLogConfiguration.class)
public class OperationLogAutoConfiguration {

}
