package dev.jobs.core.result;

import java.io.IOException;
import java.time.Duration;
import java.util.UUID;

import dev.jobs.core.JobPermissions;
import dev.jobs.core.JobStatus;
import dev.jobs.core.JobView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import tools.jackson.databind.JsonNode;

import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * Serves a finished job's result file (see {@link ResultFile}). Errors are RFC 9457 problem
 * details (see {@link ResultProblemHandler}).
 */
@RestController
@Tag(name = "Jobs")
class ResultController {

	private final JobPermissions access;

	private final ResultStorage storage;

	private final Duration retention;

	ResultController(JobPermissions access, ResultStorage storage, Duration retention) {
		this.access = access;
		this.storage = storage;
		this.retention = retention;
	}

	@GetMapping("/api/jobs/{id}/result")
	@Operation(summary = "Download a job's result file",
			description = "Streams the file a finished job produced, under the name in result.file.name. "
					+ "409 while the job has not succeeded, 404 if the job produces no file, "
					+ "410 once the file was removed (retention) or lost.")
	ResponseEntity<Resource> download(@PathVariable UUID id, HttpServletRequest request) throws IOException {
		// Someone else's result answers 404, like a job that does not exist.
		JobView job = access.requireVisible(id, request);
		if (job.status() != JobStatus.SUCCEEDED) {
			throw notReady(job);
		}
		JsonNode file = (job.result() != null) ? job.result().get("file") : null;
		if (file == null || !file.isObject() || !file.hasNonNull("name")) {
			throw new ResultUnavailableException(HttpStatus.NOT_FOUND, "no-result-file", "No result file", id,
					job.status().name(), "Job " + id + " (" + job.type() + ") succeeded without producing a file; "
							+ "its result is shown in GET /api/jobs/" + id);
		}
		Resource resource = storage.open(id)
			.orElseThrow(() -> new ResultUnavailableException(HttpStatus.GONE, "result-gone", "Result file gone", id,
					job.status().name(), "The result file of job " + id + " is no longer stored: result files are "
							+ "kept for " + retention + " after the job finished, or it was deleted. "
							+ "Submit the job again to produce a new one."));
		return ResponseEntity.ok()
			.contentType(mediaType(file))
			.contentLength(resource.contentLength())
			.header(HttpHeaders.CONTENT_DISPOSITION, ContentDispositions.attachment(file.get("name").asString()))
			.header("X-Content-Type-Options", "nosniff")
			.cacheControl(CacheControl.noStore().cachePrivate())
			.body(resource);
	}

	private static ResultUnavailableException notReady(JobView job) {
		String detail;
		if (job.status() == JobStatus.FAILED || job.status() == JobStatus.CANCELLED) {
			detail = "Job " + job.id() + " is " + job.status() + " and has no result file; retry it with POST /api/jobs/"
					+ job.id() + "/retry or submit a new job";
		}
		else {
			detail = "Job " + job.id() + " is " + job.status() + progress(job)
					+ "; its result file can be downloaded once it has SUCCEEDED. Poll GET /api/jobs/" + job.id();
		}
		return new ResultUnavailableException(HttpStatus.CONFLICT, "result-not-ready", "Result not ready", job.id(),
				job.status().name(), detail);
	}

	private static String progress(JobView job) {
		JobView.Progress p = job.progress();
		if (p == null || p.done() == null) {
			return "";
		}
		return (p.total() != null) ? " (" + p.done() + " of " + p.total() + " done)" : " (" + p.done() + " done)";
	}

	private static MediaType mediaType(JsonNode file) {
		JsonNode type = file.get("contentType");
		if (type != null && type.isString()) {
			try {
				return MediaType.parseMediaType(type.asString());
			}
			catch (InvalidMediaTypeException ex) {
				// A handler stored something odd; the bytes are still worth serving.
			}
		}
		return MediaType.APPLICATION_OCTET_STREAM;
	}

}
