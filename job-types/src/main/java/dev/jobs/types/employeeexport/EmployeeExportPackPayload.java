package dev.jobs.types.employeeexport;

/**
 * {@code EMPLOYEE_EXPORT_PACK}: nothing to give; the pack reads everything from its batch (its members, their
 * departments and files).
 */
public record EmployeeExportPackPayload() {

}
