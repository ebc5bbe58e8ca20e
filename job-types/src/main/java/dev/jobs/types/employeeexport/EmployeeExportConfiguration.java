package dev.jobs.types.employeeexport;

import java.time.Clock;

import javax.sql.DataSource;

import dev.jobs.core.JobClient;
import dev.jobs.core.result.ResultStorage;
import dev.jobs.types.export.ExportProperties;
import dev.jobs.types.export.StreamingExport;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Registers {@code EMPLOYEE_EXPORT}, and "export every department" ({@code EMPLOYEE_EXPORT_PACK} and
 * {@link DepartmentExports}), unless {@code jobs.exports.employee.enabled=false}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "jobs.exports.employee.enabled", matchIfMissing = true)
public class EmployeeExportConfiguration {

	@Bean
	EmployeeExportHandler employeeExportHandler(StreamingExport export, ExportProperties properties) {
		return new EmployeeExportHandler(export, properties.getZone(), properties.getEmployee().getMaxRows());
	}

	@Bean
	EmployeeExportPackHandler employeeExportPackHandler(ResultStorage storage, ExportProperties properties) {
		return new EmployeeExportPackHandler(storage, Clock.system(properties.getZone()));
	}

	@Bean
	DepartmentExports departmentExports(JobClient jobs, DataSource dataSource) {
		return new DepartmentExports(jobs, JdbcClient.create(dataSource));
	}

}
