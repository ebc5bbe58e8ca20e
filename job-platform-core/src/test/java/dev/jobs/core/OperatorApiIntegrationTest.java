package dev.jobs.core;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.jobs.core.JobAdmin.Access;
import dev.jobs.core.JobAdmin.Action;
import dev.jobs.core.JobAdmin.Actor;
import dev.jobs.core.JobAdmin.BulkResult;
import dev.jobs.core.JobBrowser.JobSearch;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The operator's API ({@link JobBrowser}, {@link JobAdmin}) against the real database: search,
 * detail, and bulk actions that keep every rule a single call keeps.
 */
class OperatorApiIntegrationTest extends IntegrationTest {

	private static final Actor ADMIN = new Actor("ops", "ADMIN"::equals);

	private static final Actor AUDITOR = new Actor("auditor", "AUDITOR"::equals);

	@Autowired
	JobBrowser browser;

	@Autowired
	JobAdmin admin;

	private static String unique(String prefix) {
		return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
	}

	/** A job that waits an hour: it stays PENDING for as long as a test needs. */
	private UUID waiting(String type, Object payload, String owner) {
		return jobs.submit(type, payload, SubmitOptions.defaults()
			.withCreatedBy(owner)
			.withRunAt(Instant.now().plus(1, ChronoUnit.HOURS))).id();
	}

	@Test
	void searchFindsAJobByIdByIdempotencyKeyAndByAValueInsideThePayload() {
		String owner = unique("op-search");
		String marker = unique("研发部");
		String key = unique("key");
		UUID id = jobs.submit("RECORD", Map.of("name", marker, "sleepMillis", 0), SubmitOptions.defaults()
			.withCreatedBy(owner)
			.withIdempotencyKey(key)
			.withRunAt(Instant.now().plus(1, ChronoUnit.HOURS))).id();
		waiting("RECORD", Map.of("name", "someone else", "sleepMillis", 0), owner);

		assertThat(ids(new JobSearch(null, null, null, null, null, marker))).containsExactly(id);
		assertThat(ids(new JobSearch(null, null, null, null, null, key))).containsExactly(id);
		assertThat(ids(new JobSearch(null, null, null, null, null, id.toString()))).containsExactly(id);
		// A wildcard is a character to find, not a pattern: nothing in these payloads contains "%".
		assertThat(browser.count(new JobSearch(null, null, owner, null, null, "%"))).isZero();
		assertThat(browser.count(new JobSearch("RECORD", JobStatus.PENDING, owner, null, null, null))).isEqualTo(2);
		assertThat(browser.count(new JobSearch(null, null, owner, Instant.now().plusSeconds(60), null, null))).isZero();

		admin.applyToMatching(ADMIN, Action.CANCEL, new JobSearch(null, null, owner, null, null, null));
	}

	private List<UUID> ids(JobSearch search) {
		return browser.search(search, 0, 50).items().stream().map(JobView::id).toList();
	}

	@Test
	void bulkRetryKeepsTheSubmittersActiveLimitAsTheApiDoes() {
		String owner = unique("op-limit");
		UUID cancelled = waiting("LAGGY", Map.of("name", "x", "sleepMillis", 0), owner);
		jobs.cancel(cancelled);
		UUID first = waiting("LAGGY", Map.of("name", "y", "sleepMillis", 0), owner);
		UUID second = waiting("LAGGY", Map.of("name", "z", "sleepMillis", 0), owner);

		BulkResult refused = admin.retry(ADMIN, List.of(cancelled));

		assertThat(refused.changed()).isZero();
		assertThat(refused.skipped()).containsEntry("its submitter has the type's limit of active jobs", 1);
		assertThat(jobs.find(cancelled).orElseThrow().status()).isEqualTo(JobStatus.CANCELLED);

		jobs.cancel(first);
		BulkResult retried = admin.retry(ADMIN, List.of(cancelled, second, UUID.randomUUID()));

		assertThat(retried.requested()).isEqualTo(3);
		assertThat(retried.changed()).isEqualTo(1);
		assertThat(retried.skipped()).containsEntry("not failed or cancelled", 1).containsEntry("not found", 1);
		// Retried now, it is published and runs to the end like any new job.
		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(jobs.find(cancelled).orElseThrow().status()).isEqualTo(JobStatus.SUCCEEDED));

		admin.cancel(ADMIN, List.of(second));
	}

	@Test
	void readersSeeButMayNotActAndOthersMayDoNeither() {
		UUID id = waiting("RECORD", Map.of("name", "r", "sleepMillis", 0), unique("op-reader"));

		assertThat(admin.access(ADMIN)).isEqualTo(Access.ACT);
		assertThat(admin.access(AUDITOR)).isEqualTo(Access.READ);
		assertThat(admin.access(new Actor("user", "USER"::equals))).isEqualTo(Access.NONE);
		assertThat(admin.access(new Actor(null, role -> true))).isEqualTo(Access.NONE);
		assertThatThrownBy(() -> admin.cancel(AUDITOR, List.of(id))).isInstanceOf(JobAdmin.NotAllowedException.class)
			.hasMessageContaining("Only administrators");
		assertThatThrownBy(() -> admin.applyToMatching(AUDITOR, Action.DELETE, JobSearch.any()))
			.isInstanceOf(JobAdmin.NotAllowedException.class);
		assertThatThrownBy(() -> admin.redrive(AUDITOR, "RECORD")).isInstanceOf(JobAdmin.NotAllowedException.class);
		assertThat(jobs.find(id).orElseThrow().status()).isEqualTo(JobStatus.PENDING);

		jobs.cancel(id);
	}

	@Test
	void deleteRemovesEndedJobsOnlyAndCancelCountsWhatItChanged() {
		String owner = unique("op-delete");
		UUID ended = waiting("RECORD", Map.of("name", "a", "sleepMillis", 0), owner);
		UUID active = waiting("RECORD", Map.of("name", "b", "sleepMillis", 0), owner);
		assertThat(admin.cancel(ADMIN, List.of(ended)).changed()).isEqualTo(1);
		assertThat(admin.cancel(ADMIN, List.of(ended)).skipped()).containsEntry("already cancelled", 1);

		BulkResult deleted = admin.delete(ADMIN, List.of(ended, active));

		assertThat(deleted.changed()).isEqualTo(1);
		assertThat(deleted.skippedCount()).isEqualTo(1);
		assertThat(jobs.find(ended)).isEmpty();
		assertThat(jobs.find(active)).isPresent();

		BulkResult all = admin.applyToMatching(ADMIN, Action.CANCEL, new JobSearch(null, null, owner, null, null, null));
		assertThat(all.requested()).isEqualTo(1);
		assertThat(all.changed()).isEqualTo(1);
	}

	@Test
	void detailShowsAttemptsWithStackTraceAndATimeline() {
		UUID id = jobs.submit("ALWAYS_FAIL", Map.of("reason", "operator test"),
				SubmitOptions.defaults().withMaxAttempts(1)).id();
		awaitStatus(id, JobStatus.FAILED, Duration.ofSeconds(30));

		JobBrowser.JobDetail detail = browser.detail(id).orElseThrow();

		assertThat(detail.attempts()).hasSize(1);
		assertThat(detail.attempts().get(0).workerId()).isNotBlank();
		assertThat(detail.attempts().get(0).stackTrace()).contains("IllegalStateException: always fails: operator test");
		assertThat(detail.timeline()).extracting(JobBrowser.TimelineEntry::state)
			.containsExactly("CREATED", "RUNNING", "FAILED");
		assertThat(browser.parked("ALWAYS_FAIL", 200)).extracting(JobView::id).contains(id);
	}

	@Test
	void overviewNamesEveryTypeAndThroughputHasOneBucketPerMinute() {
		assertThat(browser.overview()).extracting(JobBrowser.TypeOverview::type).contains("RECORD", "ALWAYS_FAIL");
		assertThat(browser.types()).extracting(JobBrowser.JobTypeInfo::type).contains("RECORD");

		List<JobBrowser.ThroughputBucket> buckets = browser.throughput(Duration.ofMinutes(60), Duration.ofMinutes(1));

		assertThat(buckets).hasSizeBetween(60, 61);
		assertThat(buckets.get(buckets.size() - 1).start()).isBefore(Instant.now());
		assertThatThrownBy(() -> browser.throughput(Duration.ofDays(30), Duration.ofSeconds(1)))
			.isInstanceOf(IllegalArgumentException.class);
	}

	@Test
	void messageTypeIsMarkedInTheOverviewAndListsNoRetryQueues() {
		JobBrowser.TypeOverview message = browser.overview().stream()
			.filter(t -> t.type().equals("MESSAGE_PROBE")).findFirst().orElseThrow();
		JobBrowser.TypeOverview job = browser.overview().stream()
			.filter(t -> t.type().equals("RECORD")).findFirst().orElseThrow();
		assertThat(message.messageDelivery()).isTrue();
		assertThat(job.messageDelivery()).isFalse();

		java.util.Map<String, JobBrowser.JobTypeInfo> types = new java.util.HashMap<>();
		browser.types().forEach(t -> types.put(t.type(), t));
		assertThat(types.get("MESSAGE_PROBE").retryQueues()).as("retried in place, no retry tiers").isEmpty();
		assertThat(types.get("MESSAGE_PROBE").deadLetterQueue()).endsWith(".MESSAGE_PROBE.dlq");
		assertThat(types.get("RECORD").retryQueues()).isNotEmpty();
	}

}
