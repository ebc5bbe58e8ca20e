package dev.jobs.types.employeeexport;

import dev.jobs.core.JobType;

/** {@code EMPLOYEE_EXPORT}: The live rows of the employee table as an xlsx or csv file. */
public final class EmployeeExport {

	/** The type's name and payload, for handlers, callers ({@code jobClient.submit(EmployeeExport.TYPE, ...)}) and settings. */
	public static final JobType<EmployeeExportPayload> TYPE = JobType.of("EMPLOYEE_EXPORT", EmployeeExportPayload.class);

	private EmployeeExport() {
	}

}
