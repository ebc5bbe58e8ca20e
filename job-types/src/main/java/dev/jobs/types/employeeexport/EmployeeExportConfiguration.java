package dev.jobs.types.employeeexport;

import dev.jobs.types.export.ExportProperties;
import dev.jobs.types.export.StreamingExport;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Registers {@code EMPLOYEE_EXPORT} unless {@code jobs.exports.employee.enabled=false}. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "jobs.exports.employee.enabled", matchIfMissing = true)
public class EmployeeExportConfiguration {

	@Bean
	EmployeeExportHandler employeeExportHandler(StreamingExport export, ExportProperties properties) {
		return new EmployeeExportHandler(export, properties.getZone(), properties.getEmployee().getMaxRows());
	}

}
