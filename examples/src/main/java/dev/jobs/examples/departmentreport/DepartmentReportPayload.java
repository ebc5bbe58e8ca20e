package dev.jobs.examples.departmentreport;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * What a department report needs: validated when the job is submitted (a bad payload is refused
 * with 400 naming the field) and again before it runs.
 *
 * @param department the department to report on, e.g. {@code 研发部}
 * @param includeSubDepartments whether to report on each sub-department too, each as a job of its own
 */
public record DepartmentReportPayload(@NotBlank @Size(max = 100) String department, boolean includeSubDepartments) {

}
