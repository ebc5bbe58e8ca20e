package dev.jobs.core.job;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import dev.jobs.core.JobAttemptView;
import dev.jobs.core.JobBrowser;
import dev.jobs.core.JobStatus;
import dev.jobs.core.JobView;

/**
 * The {@link JobBrowser}: the operator's read model over {@link JobBrowserQueries}, {@link JobReads}
 * and the broker figures the gauges already poll.
 */
public class DefaultJobBrowser implements JobBrowser {

	static final int MAX_PAGE_SIZE = 200;

	private final JobBrowserQueries queries;

	private final JobReads reads;

	private final JobQueries views;

	private final JobTypeRegistry registry;

	private final TypeQueues queues;

	public DefaultJobBrowser(JobReads reads, JobQueries views, JobTypeRegistry registry, TypeQueues queues,
			org.springframework.jdbc.core.simple.JdbcClient jdbc) {
		this.queries = new JobBrowserQueries(jdbc);
		this.reads = reads;
		this.views = views;
		this.registry = registry;
		this.queues = queues;
	}

	JobBrowserQueries queries() {
		return queries;
	}

	JobReads reads() {
		return reads;
	}

	@Override
	public JobPage search(JobSearch search, int page, int size) {
		int clampedSize = Math.max(1, Math.min(size, MAX_PAGE_SIZE));
		int clampedPage = Math.max(0, page);
		JobSearch s = (search != null) ? search : JobSearch.any();
		List<JobView> items = queries.search(s, clampedPage, clampedSize).stream().map(views::view).toList();
		return new JobPage(items, clampedPage, clampedSize, queries.count(s));
	}

	@Override
	public Set<JobStatus> retryableStatuses() {
		return Set.copyOf(JobStateMachine.Transition.RETRY.from());
	}

	@Override
	public long count(JobSearch search) {
		return queries.count((search != null) ? search : JobSearch.any());
	}

	@Override
	public Optional<JobDetail> detail(UUID id) {
		return reads.find(id).map(row -> {
			List<JobAttemptView> attempts = reads.attempts(id);
			String traceId = TraceContext.parse(reads.traceContext(id)).map(TraceContext::traceId).orElse(null);
			return new JobDetail(views.view(row), attempts, timeline(row, attempts), traceId);
		});
	}

	/** The job's moves, from its times and attempt history; see {@link TimelineEntry}. */
	static List<TimelineEntry> timeline(JobRow row, List<JobAttemptView> attempts) {
		List<TimelineEntry> entries = new ArrayList<>();
		entries.add(new TimelineEntry(row.createdAt(), "CREATED", "submitted by " + row.createdBy()));
		for (JobAttemptView attempt : attempts) {
			if (attempt.startedAt() != null) {
				entries.add(new TimelineEntry(attempt.startedAt(), JobStatus.RUNNING.name(),
						"attempt " + attempt.attempt() + ((attempt.workerId() != null) ? " on " + attempt.workerId() : "")));
			}
			entries.add(new TimelineEntry(attempt.finishedAt(), attempt.outcome(),
					"attempt " + attempt.attempt() + ((attempt.error() != null) ? ": " + firstLine(attempt.error()) : "")));
		}
		boolean attemptRecorded = attempts.stream().anyMatch(a -> a.attempt() == row.attempt());
		switch (row.status()) {
			case RUNNING -> {
				if (!attemptRecorded) {
					entries.add(new TimelineEntry(row.startedAt(), "RUNNING", "attempt " + row.attempt()
							+ ((row.workerId() != null) ? " on " + row.workerId() : "")));
				}
			}
			case RETRY_WAIT -> entries.add(new TimelineEntry(row.updatedAt(), "RETRY_WAIT",
					"next attempt due at " + row.runAt()));
			case AWAITING -> entries.add(new TimelineEntry(row.updatedAt(), "AWAITING",
					"waiting for other jobs (its dependencies, or its batch): see its workflow or batch"));
			case PENDING, QUEUED -> {
				if (!attempts.isEmpty()) {
					entries.add(new TimelineEntry(row.updatedAt(), row.status().name(), "waiting for attempt "
							+ (row.attempt() + 1)));
				}
			}
			case CANCELLED, FAILED, SUCCEEDED -> {
				String last = entries.get(entries.size() - 1).state();
				if (!row.status().name().equals(last) && row.finishedAt() != null) {
					entries.add(new TimelineEntry(row.finishedAt(), row.status().name(),
							(row.lastError() != null) ? firstLine(row.lastError()) : ""));
				}
			}
		}
		entries.sort(Comparator.comparing(TimelineEntry::at, Comparator.nullsLast(Comparator.naturalOrder())));
		return entries;
	}

	private static String firstLine(String text) {
		int newline = text.indexOf('\n');
		return (newline < 0) ? text : text.substring(0, newline);
	}

	@Override
	public List<TypeOverview> overview() {
		Map<String, JobBrowserQueries.TypeCounts> counts = queries.countsByType();
		List<TypeOverview> result = new ArrayList<>();
		for (RegisteredJobType type : registry.all()) {
			JobBrowserQueries.TypeCounts c = counts.getOrDefault(type.name(),
					new JobBrowserQueries.TypeCounts(0, 0, 0, 0, 0, 0, 0));
			result.add(new TypeOverview(type.name(), c.waiting(), c.running(), c.retryWaiting(), c.failedLastHour(),
					c.succeededLastHour(), c.lagSeconds(), queues.ready(queues.workQueue(type.name())),
					queues.ready(queues.deadLetterQueue(type.name())), type.messageDelivery(), c.awaiting()));
		}
		result.sort(Comparator.comparing(TypeOverview::type));
		return result;
	}

	@Override
	public List<ThroughputBucket> throughput(Duration window, Duration bucket) {
		if (bucket.isZero() || bucket.isNegative() || window.compareTo(bucket) < 0
				|| window.toMillis() / bucket.toMillis() > 1440) {
			throw new IllegalArgumentException("The window must hold 1 to 1440 buckets of a positive length; got "
					+ window + " in buckets of " + bucket);
		}
		return queries.throughput(window, bucket);
	}

	@Override
	public List<JobView> parked(String type, int limit) {
		return queries.failed(type, Math.max(1, Math.min(limit, MAX_PAGE_SIZE))).stream().map(views::view).toList();
	}

	@Override
	public List<JobTypeInfo> types() {
		return registry.all()
			.stream()
			.map(t -> {
				JobTypeSettings s = t.settings();
				return new JobTypeInfo(t.name(), t.handler().payloadType().getName(), s.concurrency(), s.prefetch(),
						s.maxAttempts(), s.timeout(), s.backoffInitial(), s.backoffMultiplier(), s.backoffMax(),
						s.backoffJitter(), s.submitRoles(), s.maxActivePerUser(), queues.workQueue(t.name()),
						queues.retryQueues(t.name()), queues.deadLetterQueue(t.name()));
			})
			.sorted(Comparator.comparing(JobTypeInfo::type))
			.toList();
	}

}
