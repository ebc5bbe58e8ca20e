package dev.jobs.types.employeeexport;

/** There is no department to export: no live employee has one. */
public class NoDepartmentsException extends RuntimeException {

	public NoDepartmentsException() {
		super("There is no department to export: no live employee has one");
	}

}
