package dev.jobs.types;

import java.time.Clock;

import javax.sql.DataSource;

import dev.jobs.core.StoredResults;
import dev.jobs.core.autoconfigure.JobsAutoConfiguration;
import dev.jobs.core.result.ResultStorage;
import dev.jobs.types.employeeexport.EmployeeExportConfiguration;
import dev.jobs.types.export.ExportProperties;
import dev.jobs.types.export.StreamingExport;
import dev.jobs.types.userexport.UserExportConfiguration;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * The built-in export job types {@code EMPLOYEE_EXPORT} and {@code USER_EXPORT}, in any
 * application with the job platform (they write to its {@link ResultStorage}). Switched off all
 * together by {@code jobs.exports.enabled=false}, or one by one by
 * {@code jobs.exports.employee.enabled} and {@code jobs.exports.user.enabled}.
 */
@AutoConfiguration(after = JobsAutoConfiguration.class)
@ConditionalOnBean(ResultStorage.class)
@ConditionalOnProperty(name = "jobs.exports.enabled", matchIfMissing = true)
@EnableConfigurationProperties(ExportProperties.class)
@Import({ EmployeeExportConfiguration.class, UserExportConfiguration.class })
public class ExportsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	StreamingExport jobsStreamingExport(DataSource dataSource, ResultStorage storage, StoredResults storedResults,
			ExportProperties properties) {
		return new StreamingExport(dataSource, storage, storedResults, properties, Clock.systemDefaultZone());
	}

}
