package dev.jobs.core;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Read-only questions an operator asks about jobs, across all submitters: search, one job with
 * its history, per-type counts, throughput over time, dead letters and type settings. What the
 * dashboard shows; nothing here changes a job (see {@link JobAdmin}).
 */
public interface JobBrowser {

	/** A page of jobs matching the search, newest first. {@code size} is clamped to 200. */
	JobPage search(JobSearch search, int page, int size);

	/** How many jobs match the search (what a bulk action over the filter would touch at most). */
	long count(JobSearch search);

	/** A job, its attempt history and its state timeline. */
	Optional<JobDetail> detail(UUID id);

	/** Per registered type: counts, queue lag, broker queue depth and dead letters. */
	List<TypeOverview> overview();

	/** Jobs that ended per time bucket over the last {@code window}, oldest bucket first, empty buckets included. */
	List<ThroughputBucket> throughput(Duration window, Duration bucket);

	/** The failed jobs of a type, newest first: what its dead-letter queue holds and why. */
	List<JobView> parked(String type, int limit);

	/** The registered types and their settings. */
	List<JobTypeInfo> types();

	/**
	 * The statuses from which a person may start a new attempt (the state machine's retry): what a dashboard
	 * offers a retry for, asked here so that no page copies the rule.
	 */
	Set<JobStatus> retryableStatuses();

	/**
	 * What to look for; {@code null} fields mean "any". {@code text} matches a job id, an idempotency
	 * key, or any value inside the payload (case-insensitive substring of the payload's JSON).
	 */
	record JobSearch(String type, JobStatus status, String createdBy, Instant from, Instant to, String text) {

		public static JobSearch any() {
			return new JobSearch(null, null, null, null, null, null);
		}

	}

	/** One page of jobs and how many match in all. */
	record JobPage(List<JobView> items, int page, int size, long total) {

		public int pages() {
			return (int) Math.max(1, (total + size - 1) / size);
		}

	}

	/**
	 * A job as stored, its attempts (oldest first) and the moves it made (oldest first).
	 * @param traceId the trace its life is recorded in (32 hex digits), or {@code null} when it was submitted
	 * without tracing
	 */
	record JobDetail(JobView job, List<JobAttemptView> attempts, List<TimelineEntry> timeline, String traceId) {

		public JobDetail(JobView job, List<JobAttemptView> attempts, List<TimelineEntry> timeline) {
			this(job, attempts, timeline, null);
		}

	}

	/**
	 * One step of a job's life. Derived from the job's times and its attempt history (the platform
	 * keeps no separate log of moves), so waits between attempts show as the attempt's outcome.
	 */
	record TimelineEntry(Instant at, String state, String detail) {
	}

	/**
	 * One type at a glance.
	 * @param lagSeconds age of the oldest due job waiting for a worker (0 when none waits)
	 * @param queueDepth ready messages in the type's work queue; {@code null} when unknown (broker unreachable, gauges off)
	 * @param deadLetters messages parked in the type's dead-letter queue; {@code null} when unknown
	 * @param messageDelivery whether the type is delivered as messages without job rows: its job
	 * counts stay 0, and its parked messages are entries, not jobs (a re-drive moves them back)
	 * @param awaiting jobs waiting for other jobs ({@link JobStatus#AWAITING}): workflow steps, batch callbacks
	 */
	record TypeOverview(String type, long waiting, long running, long retryWaiting, long failedLastHour,
			long succeededLastHour, double lagSeconds, Long queueDepth, Long deadLetters, boolean messageDelivery,
			long awaiting) {

		/** Without the count of jobs waiting for others (none). */
		public TypeOverview(String type, long waiting, long running, long retryWaiting, long failedLastHour,
				long succeededLastHour, double lagSeconds, Long queueDepth, Long deadLetters, boolean messageDelivery) {
			this(type, waiting, running, retryWaiting, failedLastHour, succeededLastHour, lagSeconds, queueDepth,
					deadLetters, messageDelivery, 0);
		}

	}

	/** Jobs that ended in a bucket starting at {@code start}. */
	record ThroughputBucket(Instant start, long succeeded, long failed) {

		/** Failed over ended, 0 to 1 (0 when nothing ended). */
		public double failureRate() {
			long ended = succeeded + failed;
			return (ended == 0) ? 0 : (double) failed / ended;
		}

	}

	/** A registered type's effective settings and its broker queues. */
	record JobTypeInfo(String type, String payloadClass, int concurrency, int prefetch, int maxAttempts,
			Duration timeout, Duration backoffInitial, double backoffMultiplier, Duration backoffMax,
			Duration backoffJitter, List<String> submitRoles, int maxActivePerUser, String workQueue,
			List<String> retryQueues, String deadLetterQueue) {
	}

}
