package dev.jobs.types.employeeexport;

import java.util.List;

import dev.jobs.core.BatchBuilder;
import dev.jobs.core.BatchSubmission;
import dev.jobs.core.JobClient;
import dev.jobs.core.SubmitOptions;
import dev.jobs.core.TooManyActiveJobsException;
import dev.jobs.types.export.ExportFormat;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * "Export every department": one batch of {@code EMPLOYEE_EXPORT} jobs, one per department that has live
 * employees, with {@code EMPLOYEE_EXPORT_PACK} as its {@code onComplete} callback. The pack runs once every
 * department's export ended, whatever the outcome: it packs the files that were made and names the departments that
 * failed (a zip of nine departments out of ten, saying which one is missing, serves better than nothing and a
 * retry); only when no department's file was made does the pack fail, and its owner hears why. The members announce
 * nothing on their own: their owner hears once, from the pack.
 */
public class DepartmentExports {

	private final JobClient jobs;

	private final JdbcClient jdbc;

	/** @param jdbc on the application's tables ({@code employee}) */
	public DepartmentExports(JobClient jobs, JdbcClient jdbc) {
		this.jobs = jobs;
		this.jdbc = jdbc;
	}

	/** The departments that have live (not soft-deleted) employees, by name. */
	public List<String> departments() {
		return jdbc.sql("select distinct department from employee where not deleted and btrim(department) <> ''"
				+ " order by department")
			.query(String.class)
			.list();
	}

	/**
	 * Submits the batch, all or none, in the caller's transaction when there is one.
	 * @param createdBy who asks: the owner of the batch, of every member and of the pack (whom the pack tells)
	 * @throws NoDepartmentsException if no live employee has a department
	 * @throws DepartmentExportLimitException if the department exports would take {@code createdBy} over
	 * {@code EMPLOYEE_EXPORT}'s {@code max-active-per-user}: each counts, like any export they start
	 */
	public BatchSubmission submit(String createdBy, ExportFormat format) {
		List<String> departments = departments();
		if (departments.isEmpty()) {
			throw new NoDepartmentsException();
		}
		BatchBuilder batch = jobs.batch()
			.description("Export every department (" + departments.size() + ", " + format + ")")
			.createdBy(createdBy)
			.sealed();
		for (String department : departments) {
			batch.add(EmployeeExport.TYPE.name(), new EmployeeExportPayload(department, null, null, null, format),
					SubmitOptions.defaults());
		}
		batch.onComplete(EmployeeExportPack.TYPE, new EmployeeExportPackPayload());
		try {
			return batch.submit();
		}
		catch (TooManyActiveJobsException ex) {
			throw new DepartmentExportLimitException(createdBy, departments.size(), ex.limit(), ex);
		}
	}

}
