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
		return new JobView(row.id(), row.type(), row.status(), row.attempt(), row.maxAttempts(), row.priority(),
				row.runAt(), row.createdBy(), row.idempotencyKey(), payloads.readTree(row.payload()),
				new JobView.Progress(row.progressDone(), row.progressTotal(), row.progressMessage()),
				payloads.readTree(row.result()), row.lastError(), row.cancelRequested(), row.createdAt(),
				row.updatedAt(), row.startedAt(), row.finishedAt());
	}

	/** Optional filters of {@link #list}; {@code null} means "any". */
	public record JobFilter(String type, JobStatus status, String createdBy, Instant from, Instant to) {
	}

	/** One page of jobs and the number of jobs matching the filter. */
	public record JobPage(List<JobView> items, int page, int size, long total) {
	}

}
