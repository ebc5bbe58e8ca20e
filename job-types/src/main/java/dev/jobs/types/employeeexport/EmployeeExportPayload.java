package dev.jobs.types.employeeexport;

import java.time.LocalDate;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.jobs.types.export.ExportFormat;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Size;

/**
 * {@code EMPLOYEE_EXPORT}: which employees to export and how. Every filter is optional; those
 * given must all match. Blank text counts as not given.
 *
 * @param department exactly this department, e.g. {@code 研发部}
 * @param position exactly this position, e.g. {@code Java开发工程师}
 * @param hiredFrom hired on or after this day
 * @param hiredTo hired on or before this day
 * @param format {@code XLSX} (default) or {@code CSV}
 */
public record EmployeeExportPayload(@Size(max = 100) String department, @Size(max = 100) String position,
		LocalDate hiredFrom, LocalDate hiredTo, ExportFormat format) {

	public EmployeeExportPayload {
		department = blankToNull(department);
		position = blankToNull(position);
		format = (format != null) ? format : ExportFormat.XLSX;
	}

	@JsonIgnore
	@AssertTrue(message = "hiredFrom must not be after hiredTo")
	public boolean isHiredRange() {
		return hiredFrom == null || hiredTo == null || !hiredFrom.isAfter(hiredTo);
	}

	private static String blankToNull(String value) {
		return (value == null || value.isBlank()) ? null : value.strip();
	}

}
