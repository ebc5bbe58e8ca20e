package dev.jobs.types.notification;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.jobs.core.IdempotencyConflictException;
import dev.jobs.core.JobClient;
import dev.jobs.core.JobEndListener.FollowUps;
import dev.jobs.core.JobStatus;
import dev.jobs.core.JobView;
import dev.jobs.core.SubmitOptions;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Which owners' addresses get the export mail; one notice per ending of an export; the listener's
 * failures are counted. (End to end with the platform: platform-app's ExportNotificationIntegrationTest.)
 */
class ExportNotificationsTest {

	private static final String OWNER = "wangfang";

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	/** The owner has no address: in-app only, so no preferences are read. */
	private final ExportNotifications notifications = new ExportNotifications(List.of("EMPLOYEE_EXPORT"),
			new Recipients(new UserDirectory() {
				@Override
				public Optional<Recipients.Recipient> findActiveUser(String username) {
					return OWNER.equals(username) ? Optional.of(new Recipients.Recipient(7L, OWNER, null, "en"))
							: Optional.empty();
				}

				@Override
				public Optional<Recipients.Recipient> findActiveUserByEmail(String email) {
					return Optional.empty();
				}
			}), null, meters);

	/** Records what the listener submits; refuses a key it has seen with another payload, as the platform does. */
	static final class RecordingFollowUps implements FollowUps {

		final List<String> keys = new ArrayList<>();

		final List<Object> payloads = new ArrayList<>();

		@Override
		public JobClient.Submission submit(String type, Object payload, SubmitOptions options) {
			int seen = keys.indexOf(options.idempotencyKey());
			if (seen >= 0) {
				if (!payloads.get(seen).equals(payload)) {
					throw new IdempotencyConflictException(options.idempotencyKey(), UUID.randomUUID());
				}
				return null; // a replay
			}
			keys.add(options.idempotencyKey());
			payloads.add(payload);
			return null;
		}

	}

	@Test
	void realAddressesGetMailAndReservedInvalidOnesDoNot() {
		assertThat(ExportNotifications.deliverable("wangfang@company.cn")).isTrue();
		assertThat(ExportNotifications.deliverable("manager@demo.invalid")).isFalse();
		assertThat(ExportNotifications.deliverable("someone@HOST.INVALID")).isFalse();
		assertThat(ExportNotifications.deliverable(" ")).isFalse();
		assertThat(ExportNotifications.deliverable(null)).isFalse();
	}

	@Test
	void exportThatFailedAndThenSucceededAfterARetryTellsItsOwnerBothOnceEach() {
		UUID id = UUID.randomUUID();
		JobView failed = ended(id, JobStatus.FAILED, 3, Instant.parse("2026-12-03T10:00:00.123456Z"));
		JobView succeeded = ended(id, JobStatus.SUCCEEDED, 4, Instant.parse("2026-12-03T10:05:00.654321Z"));
		RecordingFollowUps followUps = new RecordingFollowUps();

		notifications.onJobEnded(failed, followUps);
		notifications.onJobEnded(failed, followUps); // the same ending told again: a replay
		notifications.onJobEnded(succeeded, followUps);
		notifications.onJobEnded(succeeded, followUps);

		assertThat(followUps.payloads).extracting(p -> ((NotificationPayload) p).template())
			.containsExactly(NotificationTemplate.EXPORT_FAILED, NotificationTemplate.EXPORT_READY);
		assertThat(followUps.keys).doesNotHaveDuplicates().allMatch(k -> k.startsWith("export-end:" + id + ":"));
		assertThat(meters.get(ExportNotifications.FAILURES).counters()).allMatch(c -> c.count() == 0);
	}

	@Test
	void exportThatFailsAgainAtTheSameAttemptAfterARetryIsANewEnding() {
		// A retried export whose message cannot be delivered fails again without a new attempt.
		UUID id = UUID.randomUUID();
		RecordingFollowUps followUps = new RecordingFollowUps();

		notifications.onJobEnded(ended(id, JobStatus.FAILED, 2, Instant.parse("2026-12-03T10:00:00Z")), followUps);
		notifications.onJobEnded(ended(id, JobStatus.FAILED, 2, Instant.parse("2026-12-03T11:00:00Z")), followUps);

		assertThat(followUps.keys).hasSize(2).doesNotHaveDuplicates();
	}

	@Test
	void refusedSubmitIsCountedByReasonAndStillReachesThePlatform() {
		FollowUps refusing = (type, payload, options) -> {
			throw new IdempotencyConflictException(options.idempotencyKey(), UUID.randomUUID());
		};

		assertThatThrownBy(() -> notifications.onJobEnded(
				ended(UUID.randomUUID(), JobStatus.SUCCEEDED, 1, Instant.now()), refusing))
			.isInstanceOf(IdempotencyConflictException.class);

		assertThat(meters.get(ExportNotifications.FAILURES).tag("reason", "idempotency-conflict").counter().count())
			.isEqualTo(1.0);
		assertThat(meters.get(ExportNotifications.FAILURES).tag("reason", "other").counter().count()).isZero();
	}

	@Test
	void aFileThatLacksPartsIsAnnouncedNamingThem() {
		JobView pack = JobView.builder()
			.id(UUID.randomUUID())
			.type("EMPLOYEE_EXPORT_PACK")
			.status(JobStatus.SUCCEEDED)
			.attempt(1)
			.createdBy(OWNER)
			.finishedAt(Instant.parse("2026-12-04T06:00:00Z"))
			.result(JsonMapper.shared().readTree("""
					{"file": {"name": "employees-by-department.zip"},
					 "missing": [{"name": "财务部", "reason": "disk full"}, "销售部"]}
					"""))
			.build();
		RecordingFollowUps followUps = new RecordingFollowUps();

		notifications.onJobEnded(pack, followUps);

		assertThat(followUps.payloads).singleElement().satisfies(p -> {
			NotificationPayload notice = (NotificationPayload) p;
			assertThat(notice.template()).isEqualTo(NotificationTemplate.EXPORT_PARTLY_READY);
			assertThat(notice.params()).containsEntry("missing", "财务部 (disk full); 销售部")
				.containsEntry("fileName", "employees-by-department.zip")
				.containsEntry("downloadUrl", "/api/jobs/" + pack.id() + "/result");
		});
	}

	@Test
	void aFileThatLacksNothingIsSimplyReady() {
		JobView pack = JobView.builder().id(UUID.randomUUID()).type("EMPLOYEE_EXPORT_PACK").status(JobStatus.SUCCEEDED)
			.result(JsonMapper.shared().readTree("{\"file\": {\"name\": \"a.zip\"}, \"missing\": []}"))
			.build();

		assertThat(ExportNotifications.missing(pack)).isNull();
	}

	private static JobView ended(UUID id, JobStatus status, int attempt, Instant finishedAt) {
		return new JobView(id, "EMPLOYEE_EXPORT", status, attempt, attempt, 0, finishedAt, OWNER, null, null, null,
				null, (status == JobStatus.FAILED) ? "disk full at " + finishedAt : null, false, finishedAt,
				finishedAt, finishedAt, finishedAt);
	}

}
