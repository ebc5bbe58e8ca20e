package dev.jobs.examples.departmentreport;

import java.time.Duration;

import dev.jobs.core.JobHandler;
import dev.jobs.core.JobHandlers;
import dev.jobs.core.result.ResultStorage;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Registers {@code DEPARTMENT_REPORT}: the application imports this and provides a {@link Staff}
 * bean. Settings here are the type's defaults; {@code jobs.types.DEPARTMENT_REPORT.*} overrides
 * each of them, and {@code jobs.types.DEPARTMENT_REPORT.submit-roles} says who may submit it
 * (administrators unless configured, see {@code META-INF/jobs/type-defaults.properties}).
 */
@Configuration(proxyBeanMethods = false)
public class DepartmentReportConfiguration {

	@Bean
	JobHandler<DepartmentReportPayload> departmentReportHandler(Staff staff, ResultStorage results) {
		DepartmentReportWork work = new DepartmentReportWork(staff, results);
		return JobHandlers.define(DepartmentReport.TYPE)
			.maxAttempts(3)
			.backoff(Duration.ofSeconds(5), 2.0, Duration.ofMinutes(1))
			.timeout(Duration.ofMinutes(5))
			.concurrency(2)
			.handle(work::run);
	}

}
