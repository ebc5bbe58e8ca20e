package dev.jobs.examples.departmentreport;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;

import dev.jobs.core.JobContext;
import dev.jobs.core.NonRetryableJobException;
import dev.jobs.core.SubmitOptions;
import dev.jobs.core.result.ResultFile;
import dev.jobs.core.result.ResultStorage;
import dev.jobs.core.result.ResultWriter;

/**
 * One attempt of a department report: reads the staff, writes the CSV as the job's result file,
 * reports progress, stops when asked, and submits the sub-departments' reports as follow-ups.
 */
class DepartmentReportWork {

	private final Staff staff;

	private final ResultStorage results;

	DepartmentReportWork(Staff staff, ResultStorage results) {
		this.staff = staff;
		this.results = results;
	}

	void run(DepartmentReportPayload payload, JobContext context) throws IOException {
		List<Staff.Member> members = staff.of(payload.department());
		if (members.isEmpty()) {
			// Retrying will not make people appear: fail at once, for good, saying why.
			throw new NonRetryableJobException("Department " + payload.department() + " has nobody in it");
		}
		BigDecimal total = BigDecimal.ZERO;
		long size;
		// Closing without commit() discards the file: a failed or cancelled attempt leaves nothing behind.
		try (ResultWriter file = results.create(context.jobId())) {
			Writer out = new OutputStreamWriter(file.stream(), StandardCharsets.UTF_8);
			out.write("name,position,salary\n");
			for (int i = 0; i < members.size(); i++) {
				context.throwIfCancellationRequested();
				Staff.Member member = members.get(i);
				out.write(csv(member.name()) + "," + csv(member.position()) + "," + member.salary() + "\n");
				total = total.add(member.salary());
				context.reportProgress(i + 1, members.size(), "people written");
			}
			out.flush();
			size = file.commit();
		}
		List<String> subDepartments = payload.includeSubDepartments()
				? staff.subDepartmentsOf(payload.department()) : List.of();
		for (String sub : subDepartments) {
			// Created only if this attempt succeeds, in the same transaction; the key keeps a
			// re-run of this job from reporting a sub-department twice.
			context.submitFollowUp(DepartmentReport.TYPE, new DepartmentReportPayload(sub, true),
					SubmitOptions.defaults()
						.withCreatedBy(context.createdBy())
						.withIdempotencyKey("department-report:" + context.jobId() + ":" + sub));
		}
		context.setResult(new DepartmentReportResult(
				new ResultFile(payload.department() + "-report.csv", "text/csv;charset=UTF-8", size,
						(long) members.size()),
				members.size(), total, subDepartments));
	}

	/** Quotes a CSV field, and defuses text a spreadsheet would run as a formula. */
	static String csv(String value) {
		String text = (value == null) ? "" : value;
		if (!text.isEmpty() && "=+-@".indexOf(text.charAt(0)) >= 0) {
			text = "'" + text;
		}
		return "\"" + text.replace("\"", "\"\"") + "\"";
	}

}
