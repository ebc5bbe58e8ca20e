package dev.jobs.app.user;

import dev.jobs.core.operationlog.OperationLog;
import java.security.Principal;

import dev.jobs.app.exporttask.ExportTasks;
import dev.jobs.app.exporttask.ExportTasks.Submitted;
import dev.jobs.types.export.ExportFormat;
import dev.jobs.types.userexport.UserExport;
import dev.jobs.types.userexport.UserExportPayload;
import dev.jobs.types.userexport.UserExportPayload.Role;
import dev.jobs.types.userexport.UserExportPayload.Status;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The user export the seed tutorial suggests next, in the same style, as a {@code USER_EXPORT} job. */
@RestController
@RequestMapping("/api/users")
@Tag(name = "Export tasks (seed compatibility)")
public class UserExportController {

	private final ExportTasks tasks;

	UserExportController(ExportTasks tasks) {
		this.tasks = tasks;
	}

	@PostMapping("/export/async")
	@OperationLog(action = "USER_EXPORT", target = "#result?.body?.taskId",
			success = "started a user export", fail = "could not start a user export: #{#errorMessage}")
	@Operation(summary = "Start a user export",
			description = "Answers 202 with the taskId at once; poll GET /api/export-tasks/{taskId}.")
	ResponseEntity<Submitted> export(@RequestParam(required = false) Role role,
			@RequestParam(required = false) Status status, @RequestParam(defaultValue = "XLSX") ExportFormat format,
			Principal principal, HttpServletRequest request) {
		return tasks.submit(UserExport.TYPE, new UserExportPayload(role, status, format), principal, request);
	}

}
