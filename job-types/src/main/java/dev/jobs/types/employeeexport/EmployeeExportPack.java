package dev.jobs.types.employeeexport;

import dev.jobs.core.JobType;

/**
 * {@code EMPLOYEE_EXPORT_PACK}: the callback of a batch of {@code EMPLOYEE_EXPORT} jobs (one per department, see
 * {@link DepartmentExports}) that packs their files into one zip result and, through the export notifications,
 * tells the owner once.
 */
public final class EmployeeExportPack {

	/** The type's name and payload. */
	public static final JobType<EmployeeExportPackPayload> TYPE = JobType.of("EMPLOYEE_EXPORT_PACK",
			EmployeeExportPackPayload.class);

	private EmployeeExportPack() {
	}

}
