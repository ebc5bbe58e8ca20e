package dev.jobs.examples.departmentreport;

import dev.jobs.core.JobType;

/**
 * {@code DEPARTMENT_REPORT}: a CSV of a department's staff with head count and salary total;
 * optionally one more report per sub-department, as follow-up jobs.
 */
public final class DepartmentReport {

	/** Written once; used by the handler, by callers and (as the name) in configuration. */
	public static final JobType<DepartmentReportPayload> TYPE = JobType.of("DEPARTMENT_REPORT",
			DepartmentReportPayload.class);

	private DepartmentReport() {
	}

}
