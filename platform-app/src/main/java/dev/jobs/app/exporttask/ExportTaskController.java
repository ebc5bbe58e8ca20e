package dev.jobs.app.exporttask;

import java.io.IOException;
import java.util.UUID;

import dev.jobs.core.JobNotFoundException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The seed's task status and download endpoints, over the generic job API. */
@RestController
@RequestMapping("/api/export-tasks")
@Tag(name = "Export tasks (seed compatibility)",
		description = "The seed tutorial's endpoints; new clients use /api/jobs")
class ExportTaskController {

	private final ExportTasks tasks;

	ExportTaskController(ExportTasks tasks) {
		this.tasks = tasks;
	}

	@GetMapping("/{taskId}")
	@Operation(summary = "An export task's status (seed shape)",
			description = "status is PENDING, PROCESSING, SUCCESS, FAILED or CANCELLED; downloadUrl once SUCCESS.")
	ExportTaskView get(@PathVariable UUID taskId, HttpServletRequest request) {
		return ExportTaskView.of(tasks.find(taskId, request).orElseThrow(() -> new JobNotFoundException(taskId)));
	}

	/**
	 * Hands the request to {@code GET /api/jobs/{id}/result}, so that both URLs answer alike:
	 * the same headers, the same 409 before the task is done and 410 once its file is gone.
	 */
	@GetMapping("/{taskId}/download")
	@Operation(summary = "Download an export task's file", description = "Same as GET /api/jobs/{taskId}/result.")
	void download(@PathVariable UUID taskId, HttpServletRequest request, HttpServletResponse response)
			throws ServletException, IOException {
		tasks.find(taskId, request).orElseThrow(() -> new JobNotFoundException(taskId));
		request.getRequestDispatcher("/api/jobs/" + taskId + "/result").forward(request, response);
	}

}
