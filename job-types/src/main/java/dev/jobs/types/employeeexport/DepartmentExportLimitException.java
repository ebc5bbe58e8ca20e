package dev.jobs.types.employeeexport;

import dev.jobs.core.TooManyActiveJobsException;

/**
 * Exporting every department starts one {@code EMPLOYEE_EXPORT} per department, and each counts against the type's
 * {@code max-active-per-user}: more departments than the limit never fit; fewer fit once the user's other exports
 * have finished.
 */
public class DepartmentExportLimitException extends RuntimeException {

	private final int departments;

	private final int limit;

	public DepartmentExportLimitException(String submitter, int departments, int limit,
			TooManyActiveJobsException cause) {
		super(message(submitter, departments, limit), cause);
		this.departments = departments;
		this.limit = limit;
	}

	private static String message(String submitter, int departments, int limit) {
		String start = "Exporting every department starts " + departments + " EMPLOYEE_EXPORT jobs at once, one per "
				+ "department, and each counts against jobs.types.EMPLOYEE_EXPORT.max-active-per-user (" + limit + "). ";
		return (departments > limit)
				? start + "They can never all fit: an administrator must raise the limit to at least " + departments
						+ ", or export departments one by one"
				: start + submitter + " has other exports waiting or running: wait until they finish, or cancel them";
	}

	public int departments() {
		return departments;
	}

	public int limit() {
		return limit;
	}

	/** Whether waiting can help: the departments fit under the limit once the user's other exports end. */
	public boolean fitsLater() {
		return departments <= limit;
	}

}
