package dev.jobs.app.exporttask;

import java.time.Instant;
import java.util.UUID;

import dev.jobs.core.JobStatus;
import dev.jobs.core.JobView;
import tools.jackson.databind.JsonNode;

/**
 * An export job in the shape of the seed's {@code export_task} row. The seed's {@code filePath}
 * is replaced by the offered file name and a download URL: server paths are never shown.
 *
 * @param status the seed's status: PENDING, PROCESSING, SUCCESS, FAILED or CANCELLED
 * @param jobStatus the platform's own, finer status
 */
record ExportTaskView(UUID id, String taskType, JsonNode params, String status, JobStatus jobStatus,
		JobView.Progress progress, String fileName, Long rows, String downloadUrl, String errorMsg, String createdBy,
		Instant createdAt, Instant updatedAt) {

	static ExportTaskView of(JobView job) {
		JsonNode file = (job.result() != null) ? job.result().get("file") : null;
		boolean downloadable = job.status() == JobStatus.SUCCEEDED && file != null && file.hasNonNull("name");
		return new ExportTaskView(job.id(), job.type(), job.payload(), seedStatus(job.status()), job.status(),
				job.progress(), downloadable ? file.get("name").asString() : null,
				(downloadable && file.hasNonNull("rows")) ? file.get("rows").asLong() : null,
				downloadable ? "/api/export-tasks/" + job.id() + "/download" : null, job.lastError(), job.createdBy(),
				job.createdAt(), job.updatedAt());
	}

	private static String seedStatus(JobStatus status) {
		return switch (status) {
			case AWAITING, PENDING, QUEUED, RETRY_WAIT -> "PENDING";
			case RUNNING -> "PROCESSING";
			case SUCCEEDED -> "SUCCESS";
			case FAILED -> "FAILED";
			case CANCELLED -> "CANCELLED";
		};
	}

}
