package dev.jobs.core.job;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.jobs.core.JobAttemptView;
import dev.jobs.core.JobStatus;
import dev.jobs.core.JobView;


/**
 * Read-only questions about jobs: one job, a filtered page, an attempt history, as the API shows them.
 */
public class JobQueries {

	private final JobReads reads;

	private final Payloads payloads;

	public JobQueries(JobReads reads, Payloads payloads) {
		this.reads = reads;
		this.payloads = payloads;
	}

	public Optional<JobView> find(UUID id) {
		return reads.find(id).map(this::view);
	}

	/** A page of jobs, newest first. */
	public JobPage list(JobFilter filter, int page, int size) {
		JobReads.RowPage rows = reads.list(filter, page, size);
		return new JobPage(rows.rows().stream().map(this::view).toList(), page, size, rows.total());
	}

	public List<JobAttemptView> attempts(UUID jobId) {
		return reads.attempts(jobId);
	}

	JobView view(JobRow row) {
		return JobView.builder()
			.id(row.id())
			.type(row.type())
			.status(row.status())
			.attempt(row.attempt())
			.maxAttempts(row.maxAttempts())
			.priority(row.priority())
			.runAt(row.runAt())
			.createdBy(row.createdBy())
			.idempotencyKey(row.idempotencyKey())
			.payload(payloads.readTree(row.payload()))
			.progress(new JobView.Progress(row.progressDone(), row.progressTotal(), row.progressMessage()))
			.result(payloads.readTree(row.result()))
			.lastError(row.lastError())
			.cancelRequested(row.cancelRequested())
			.createdAt(row.createdAt())
			.updatedAt(row.updatedAt())
			.startedAt(row.startedAt())
			.finishedAt(row.finishedAt())
			.build();
	}

	/** Optional filters of {@link #list}; {@code null} means "any". */
	public record JobFilter(String type, JobStatus status, String createdBy, Instant from, Instant to) {
	}

	/** One page of jobs and the number of jobs matching the filter. */
	public record JobPage(List<JobView> items, int page, int size, long total) {
	}

}
