package dev.jobs.examples.departmentreport;

import java.math.BigDecimal;
import java.util.List;

import dev.jobs.core.result.ResultFile;

/**
 * The job's result, stored as JSON with the job; {@code file} makes the REST API offer the CSV at
 * {@code GET /api/jobs/{id}/result}.
 */
public record DepartmentReportResult(ResultFile file, int headcount, BigDecimal salaryTotal,
		List<String> subDepartmentReports) {

}
