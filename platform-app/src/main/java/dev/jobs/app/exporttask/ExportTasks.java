package dev.jobs.app.exporttask;

import java.net.URI;
import java.security.Principal;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import dev.jobs.core.JobClient.Submission;
import dev.jobs.core.JobClient;
import dev.jobs.core.JobPermissions;
import dev.jobs.core.JobType;
import dev.jobs.core.JobView;
import dev.jobs.core.SubmitOptions;
import dev.jobs.types.employeeexport.EmployeeExport;
import dev.jobs.types.employeeexport.EmployeeExportPack;
import dev.jobs.types.userexport.UserExport;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

/**
 * The seed tutorial's "export task" endpoints as a thin layer over the job platform: an export
 * task is a job of an export type, its id is the job id.
 */
@Component
public class ExportTasks {

	static final Set<String> EXPORT_TYPES = Set.of(EmployeeExport.TYPE.name(), EmployeeExportPack.TYPE.name(),
			UserExport.TYPE.name());

	private final JobClient jobs;

	private final JobPermissions access;

	ExportTasks(JobClient jobs, JobPermissions access) {
		this.jobs = jobs;
		this.access = access;
	}

	/**
	 * Submits an export job and answers as the seed did: the task id, plus where to poll. The
	 * caller needs one of the type's {@code submit-roles}, exactly as on {@code POST /api/jobs}.
	 */
	public <P> ResponseEntity<Submitted> submit(JobType<P> type, P payload, Principal principal,
			HttpServletRequest request) {
		access.requireMaySubmit(type.name(), request);
		Submission submission = jobs.submit(type, payload,
				SubmitOptions.defaults().withCreatedBy((principal != null) ? principal.getName() : "anonymous"));
		UUID id = submission.id();
		return ResponseEntity.status(HttpStatus.ACCEPTED)
			.location(URI.create("/api/export-tasks/" + id))
			.body(new Submitted(id, "导出任务已提交", "/api/export-tasks/" + id, "/api/jobs/" + id));
	}

	/**
	 * The export job with this id; empty for unknown ids, jobs of other types, and someone else's
	 * jobs (unless the caller is an administrator).
	 */
	Optional<JobView> find(UUID id, HttpServletRequest request) {
		return jobs.find(id).filter(job -> EXPORT_TYPES.contains(job.type())).filter(job -> access.maySee(job, request));
	}

	/** The answer to a submitted export. */
	public record Submitted(UUID taskId, String message, String statusUrl, String jobUrl) {
	}

}
