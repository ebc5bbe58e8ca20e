package dev.jobs.core;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import dev.jobs.core.FailureGroups.FailureGroup;
import dev.jobs.core.FailureGroups.FailureGroupDetail;
import dev.jobs.core.JobAdmin.Actor;
import dev.jobs.core.JobAdmin.BulkResult;
import dev.jobs.core.delivery.EngineDatabase;
import dev.jobs.core.job.AttemptEnd;
import dev.jobs.core.job.AttemptOutcome;
import dev.jobs.core.job.JobStateMachine.Transition;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Failure groups against the real database: failures recorded by the worker and by the store share a group when
 * only their ids differ, and a group's count follows its members through retries and deletes.
 */
class FailureGroupsIntegrationTest extends IntegrationTest {

	private static final Actor ADMIN = new Actor("ops", "ADMIN"::equals);

	private static final Actor AUDITOR = new Actor("auditor", "AUDITOR"::equals);

	@Autowired
	FailureGroups groups;

	@Autowired
	JobAdmin admin;

	@Autowired
	EngineDatabase engine;

	@Autowired
	dev.jobs.core.metrics.JobsGauges gauges;

	@Autowired
	io.micrometer.core.instrument.MeterRegistry meters;

	/** Letters only, so that masking keeps it: makes this run's groups its own (the test database keeps rows). */
	private static String word() {
		Random random = new Random();
		StringBuilder word = new StringBuilder("run");
		for (int i = 0; i < 10; i++) {
			word.append((char) ('a' + random.nextInt(26)));
		}
		return word.toString();
	}

	/** A RECORD job whose attempt 1 failed for good with {@code error}, recorded as the worker records it. */
	private UUID failed(String error, String stackTrace) {
		return ended(Transition.FAIL, error, stackTrace);
	}

	private UUID ended(Transition transition, String error, String stackTrace) {
		UUID id = insertJob("RECORD", "RUNNING", 1, 1, "test-worker", "now() + interval '1 hour'", "now()");
		AttemptEnd end = new AttemptEnd(transition, AttemptOutcome.FAILED, error, stackTrace, null,
				(transition == Transition.SCHEDULE_RETRY) ? Duration.ofHours(1) : null);
		assertThat(engine.store().attemptEnds().endAttempt(id, 1, end)).isTrue();
		return id;
	}

	private String fingerprintOf(UUID id) {
		return jdbc.sql("select failure_group from {jobs}.job where id = :id").param("id", id).query(String.class).single();
	}

	private long count(String fingerprint) {
		return groups.detail(fingerprint).map(d -> d.group().count()).orElse(0L);
	}

	@Test
	void jobsThatFailWithTheSameCauseAndDifferentIdsShareAGroup() {
		String word = word();
		UUID one = jobs.submit("REJECT", new TestHandlers.FailPayload("order 4711 of " + UUID.randomUUID() + " " + word))
			.id();
		UUID other = jobs.submit("REJECT", new TestHandlers.FailPayload("order 12 of " + UUID.randomUUID() + " " + word))
			.id();
		awaitStatus(one, JobStatus.FAILED, Duration.ofSeconds(30));
		awaitStatus(other, JobStatus.FAILED, Duration.ofSeconds(30));

		String fingerprint = fingerprintOf(one);
		assertThat(fingerprintOf(other)).isEqualTo(fingerprint);
		FailureGroupDetail detail = groups.detail(fingerprint).orElseThrow();
		assertThat(detail.group().count()).isEqualTo(2);
		assertThat(detail.group().failed()).isEqualTo(2);
		assertThat(detail.group().types()).containsExactly("REJECT");
		assertThat(detail.group().exceptionClass()).isEqualTo(NonRetryableJobException.class.getName());
		assertThat(detail.group().message()).isEqualTo("cannot ever work: order <n> of <uuid> " + word);
		assertThat(detail.group().sampleJobId()).isIn(one, other);
		assertThat(detail.sampleStackTrace()).contains("NonRetryableJobException");
		assertThat(groups.list(Instant.now().minus(Duration.ofMinutes(5)), "REJECT", 200))
			.extracting(FailureGroup::fingerprint)
			.contains(fingerprint);
	}

	@Test
	void aGroupsCountFollowsItsMembersWhenOneIsRetriedAndAnotherDeleted() {
		String error = "java.lang.IllegalStateException: stock 17 missing for " + word();
		UUID retried = failed(error, null);
		UUID deleted = failed(error.replace("17", "42"), null);
		UUID kept = failed(error.replace("17", "99"), null);
		String fingerprint = fingerprintOf(kept);
		assertThat(count(fingerprint)).isEqualTo(3);

		assertThat(admin.retry(ADMIN, List.of(retried)).changed()).isEqualTo(1);
		assertThat(count(fingerprint)).isEqualTo(2);
		assertThat(admin.delete(ADMIN, List.of(deleted)).changed()).isEqualTo(1);
		assertThat(count(fingerprint)).isEqualTo(1);
		assertThat(groups.detail(fingerprint).orElseThrow().group().sampleJobId()).isEqualTo(kept);

		admin.delete(ADMIN, List.of(kept));
		assertThat(groups.detail(fingerprint)).isEmpty();
	}

	@Test
	void retryingAGroupStartsANewAttemptOfEveryFailedMemberAndEmptiesIt() {
		String error = "java.lang.IllegalStateException: printer 3 jammed " + word();
		UUID first = failed(error, null);
		UUID second = failed(error.replace("3", "8"), null);
		String fingerprint = fingerprintOf(first);

		assertThatThrownBy(() -> groups.retry(AUDITOR, fingerprint)).isInstanceOf(JobAdmin.NotAllowedException.class);
		assertThat(count(fingerprint)).isEqualTo(2);

		BulkResult result = groups.retry(ADMIN, fingerprint);

		assertThat(result.requested()).isEqualTo(2);
		assertThat(result.changed()).isEqualTo(2);
		assertThat(jobs.find(first).orElseThrow().status()).isNotEqualTo(JobStatus.FAILED);
		assertThat(jobs.find(second).orElseThrow().status()).isNotEqualTo(JobStatus.FAILED);
		assertThat(groups.detail(fingerprint)).isEmpty();
		assertThatThrownBy(() -> groups.retry(ADMIN, fingerprint)).isInstanceOf(FailureGroupNotFoundException.class);
	}

	@Test
	void cancellingAGroupStopsItsMembersThatWaitToRetryAndLeavesTheFailedOnes() {
		String error = "java.net.ConnectException: connection to 10.0.0.7:5432 refused " + word();
		UUID retrying = ended(Transition.SCHEDULE_RETRY, error, null);
		UUID failed = failed(error.replace("10.0.0.7", "10.0.0.9"), null);
		String fingerprint = fingerprintOf(retrying);
		FailureGroup group = groups.detail(fingerprint).orElseThrow().group();
		assertThat(group.count()).isEqualTo(2);
		assertThat(group.retrying()).isEqualTo(1);

		BulkResult result = groups.cancel(ADMIN, fingerprint);

		assertThat(result.changed()).isEqualTo(1);
		assertThat(jobs.find(retrying).orElseThrow().status()).isEqualTo(JobStatus.CANCELLED);
		assertThat(jobs.find(failed).orElseThrow().status()).isEqualTo(JobStatus.FAILED);
		assertThat(count(fingerprint)).isEqualTo(1);

		admin.delete(ADMIN, List.of(retrying, failed));
	}

	@Test
	void theGaugeCountsTheGroupsOfTheLastHour() {
		gauges.refresh();
		double before = meters.get("jobs.failure.groups").gauge().value();
		UUID id = failed("java.lang.IllegalStateException: a cause of its own " + word(), null);

		gauges.refresh();

		assertThat(meters.get("jobs.failure.groups").gauge().value()).isGreaterThanOrEqualTo(before + 1);
		admin.delete(ADMIN, List.of(id));
	}

	@Test
	void anUnknownFingerprintHasNoGroup() {
		assertThat(groups.detail("0123456789abcdef0123")).isEmpty();
		assertThatThrownBy(() -> groups.cancel(ADMIN, "0123456789abcdef0123"))
			.isInstanceOf(FailureGroupNotFoundException.class);
	}

}
