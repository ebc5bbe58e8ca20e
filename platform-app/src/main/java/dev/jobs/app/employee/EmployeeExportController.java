package dev.jobs.app.employee;

import dev.jobs.core.operationlog.OperationLog;
import java.security.Principal;
import java.time.LocalDate;

import dev.jobs.app.exporttask.ExportTasks;
import dev.jobs.app.exporttask.ExportTasks.Submitted;
import dev.jobs.types.employeeexport.EmployeeExport;
import dev.jobs.types.employeeexport.EmployeeExportPayload;
import dev.jobs.types.export.ExportFormat;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The seed's asynchronous employee export, as an {@code EMPLOYEE_EXPORT} job. */
@RestController
@RequestMapping("/api/employ")
@Tag(name = "Export tasks (seed compatibility)")
public class EmployeeExportController {

	private final ExportTasks tasks;

	EmployeeExportController(ExportTasks tasks) {
		this.tasks = tasks;
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

}
