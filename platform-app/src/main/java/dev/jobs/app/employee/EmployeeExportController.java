package dev.jobs.app.employee;

import java.net.URI;
import java.security.Principal;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import dev.jobs.app.exporttask.ExportTasks;
import dev.jobs.app.exporttask.ExportTasks.Submitted;
import dev.jobs.core.BatchCallback;
import dev.jobs.core.BatchSubmission;
import dev.jobs.core.JobPermissions;
import dev.jobs.core.operationlog.OperationLog;
import dev.jobs.types.employeeexport.DepartmentExports;
import dev.jobs.types.employeeexport.EmployeeExport;
import dev.jobs.types.employeeexport.EmployeeExportPayload;
import dev.jobs.types.export.ExportFormat;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The seed's asynchronous employee export, as an {@code EMPLOYEE_EXPORT} job; and "export every department", as a
 * batch of them packed into one zip ({@link DepartmentExports}).
 */
@RestController
@RequestMapping("/api/employ")
@Tag(name = "Export tasks (seed compatibility)")
public class EmployeeExportController {

	private final ExportTasks tasks;

	private final DepartmentExports departments;

	private final JobPermissions access;

	EmployeeExportController(ExportTasks tasks, DepartmentExports departments, JobPermissions access) {
		this.tasks = tasks;
		this.departments = departments;
		this.access = access;
	}

	@PostMapping("/export/async")
	@OperationLog(action = "EMPLOYEE_EXPORT", target = "#result?.body?.taskId",
			success = "started an employee export (#{#format}) of department #{#department ?: 'any'}, "
					+ "position #{#position ?: 'any'}",
			fail = "could not start an employee export: #{#errorMessage}")
	@Operation(summary = "Start an employee export (seed endpoint)",
			description = "Answers 202 with the taskId at once; poll GET /api/export-tasks/{taskId}. "
					+ "Empty parameters mean no filter.")
	ResponseEntity<Submitted> export(@RequestParam(required = false) String department,
			@RequestParam(required = false) String position,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate hiredFrom,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate hiredTo,
			@RequestParam(defaultValue = "XLSX") ExportFormat format, Principal principal, HttpServletRequest request) {
		return tasks.submit(EmployeeExport.TYPE,
				new EmployeeExportPayload(department, position, hiredFrom, hiredTo, format), principal, request);
	}

	@PostMapping("/export/by-department")
	@OperationLog(action = "EMPLOYEE_EXPORT_BY_DEPARTMENT", target = "#result?.body?.batchId",
			success = "started an employee export (#{#format}) of every department: "
					+ "#{#result?.body?.departments?.size()} department(s)",
			fail = "could not start an employee export of every department: #{#errorMessage}")
	@Operation(summary = "Export every department into one zip",
			description = "Starts one EMPLOYEE_EXPORT per department that has live employees, as one batch, and an "
					+ "EMPLOYEE_EXPORT_PACK job that runs once they all ended: it packs every department's file into "
					+ "one zip (entries employees-<department>.xlsx), names the departments whose export failed, and "
					+ "notifies the owner once. Answers 202 at once; poll GET /api/jobs/{packJobId} (or the batch, "
					+ "GET /api/batches/{batchId}) and download GET /api/jobs/{packJobId}/result. Each department's "
					+ "export counts against EMPLOYEE_EXPORT's max-active-per-user (409 when the departments never "
					+ "fit, 429 while other exports hold the room); 409 when no employee has a department.")
	ResponseEntity<DepartmentExportStarted> exportByDepartment(@RequestParam(defaultValue = "XLSX") ExportFormat format,
			Principal principal, HttpServletRequest request) {
		// Same roles as one export: every department's export is one.
		access.requireMaySubmit(EmployeeExport.TYPE.name(), request);
		BatchSubmission batch = departments.submit((principal != null) ? principal.getName() : "anonymous", format);
		UUID pack = batch.callbacks().get(BatchCallback.ON_COMPLETE);
		List<String> names = batch.members().stream()
			.map(member -> member.job().payload().path("department").asString())
			.toList();
		return ResponseEntity.status(HttpStatus.ACCEPTED)
			.location(URI.create("/api/jobs/" + pack))
			.body(new DepartmentExportStarted(batch.id(), pack, names, "/api/batches/" + batch.id(), "/api/jobs/" + pack,
					"/api/jobs/" + pack + "/result"));
	}

	/**
	 * The answer to "export every department".
	 * @param departments one export each, in the batch's order
	 * @param downloadUrl the zip, once the pack job has succeeded
	 */
	public record DepartmentExportStarted(UUID batchId, UUID packJobId, List<String> departments, String batchUrl,
			String jobUrl, String downloadUrl) {
	}

}
