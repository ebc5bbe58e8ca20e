package dev.jobs.app.notification;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.jobs.app.Fixtures;
import dev.jobs.app.IntegrationTest;
import dev.jobs.core.JobStatus;
import dev.jobs.core.JobView;
import dev.jobs.core.SubmitOptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** An export's end notifies its owner: created with the end, in-app, exactly once. */
class ExportNotificationIntegrationTest extends IntegrationTest {

	@BeforeEach
	void employees() {
		Fixtures.employees(jdbc);
	}

	@Test
	void finishedExportNotifiesItsOwnerInAppExactlyOnceWithTheFileAndItsLink() {
		UUID export = jobs.submit("EMPLOYEE_EXPORT", Map.of(),
				SubmitOptions.defaults().withCreatedBy(Account.MANAGER.username())).id();
		JobView done = awaitStatus(export, java.util.Set.of(JobStatus.SUCCEEDED), JOB_TIMEOUT);
		String fileName = done.result().get("file").get("name").asString();

		// The test accounts have no email address: one in-app notification, no mail.
		List<UUID> notifications = await().atMost(Duration.ofSeconds(20)).until(() -> notificationJobs(export),
				ids -> !ids.isEmpty() && ids.stream()
					.allMatch(id -> jobs.find(id).orElseThrow().status() == JobStatus.SUCCEEDED));
		await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
			.until(() -> notificationJobs(export).size() == 1);

		JobView notification = jobs.find(notifications.get(0)).orElseThrow();
		assertThat(notification.payload().get("channel").asString()).isEqualTo("IN_APP");
		assertThat(notification.payload().get("template").asString()).isEqualTo("EXPORT_READY");
		assertThat(notification.payload().get("recipient").asString()).isEqualTo(Account.MANAGER.username());
		JsonNode inbox = body(get("/api/notifications", Account.MANAGER));
		List<JsonNode> mine = inbox.get("items").valueStream()
			.filter(n -> n.get("jobId").asString().equals(notification.id().toString()))
			.toList();
		assertThat(mine).singleElement().satisfies(n -> assertThat(n.get("body").asString()).contains(fileName)
			.contains("/api/jobs/" + export + "/result"));
		assertThat(body(get("/api/notifications", Account.USER)).get("items").valueStream()
			.map(n -> n.get("jobId").asString())).as("nobody else hears of it").doesNotContain(notification.id().toString());
	}

	@Test
	void failedExportNotifiesItsOwnerWithTheReason() {
		// An export whose worker died on its last attempt: the lease reaper fails it.
		UUID export = UUID.randomUUID();
		jdbc.sql("""
				insert into {jobs}.job (id, type, payload, status, attempt, max_attempts, run_at, created_by, worker_id,
				                 lease_until, started_at)
				values (:id, 'EMPLOYEE_EXPORT', '{}', 'RUNNING', 1, 1, now() - interval '1 minute', :owner, 'dead-worker',
				        now() - interval '1 minute', now() - interval '1 minute')
				""").param("id", export).param("owner", Account.MANAGER.username()).update();

		awaitStatus(export, java.util.Set.of(JobStatus.FAILED), JOB_TIMEOUT);

		List<UUID> notifications = await().atMost(Duration.ofSeconds(20)).until(() -> notificationJobs(export),
				ids -> ids.size() == 1 && jobs.find(ids.get(0)).orElseThrow().status() == JobStatus.SUCCEEDED);
		JobView notification = jobs.find(notifications.get(0)).orElseThrow();
		assertThat(notification.payload().get("template").asString()).isEqualTo("EXPORT_FAILED");
		assertThat(notification.payload().get("params").get("reason").asString()).contains("stopped renewing its lease");
		assertThat(body(get("/api/notifications", Account.MANAGER)).get("items").valueStream()
			.filter(n -> n.get("jobId").asString().equals(notification.id().toString()))
			.map(n -> n.get("body").asString())).singleElement().asString().contains(export.toString());
	}

	@Test
	void exportThatFailedForGoodAndWasRetriedIntoSuccessTellsItsOwnerBothOnceEach() {
		// Failed for good: its worker died on its last attempt and the lease reaper failed it.
		UUID export = UUID.randomUUID();
		jdbc.sql("""
				insert into {jobs}.job (id, type, payload, status, attempt, max_attempts, run_at, created_by, worker_id,
				                 lease_until, started_at)
				values (:id, 'EMPLOYEE_EXPORT', '{}', 'RUNNING', 1, 1, now() - interval '1 minute', :owner, 'dead-worker',
				        now() - interval '1 minute', now() - interval '1 minute')
				""").param("id", export).param("owner", Account.MANAGER.username()).update();
		awaitStatus(export, java.util.Set.of(JobStatus.FAILED), JOB_TIMEOUT);
		await().atMost(Duration.ofSeconds(20)).until(() -> templatesOf(export), t -> t.equals(List.of("EXPORT_FAILED")));

		// A person retries it (POST /api/jobs/{id}/retry) and this time it succeeds.
		assertThat(post("/api/jobs/" + export + "/retry").statusCode()).isEqualTo(200);
		awaitStatus(export, java.util.Set.of(JobStatus.SUCCEEDED), JOB_TIMEOUT);

		await().atMost(Duration.ofSeconds(20))
			.until(() -> templatesOf(export), t -> t.equals(List.of("EXPORT_FAILED", "EXPORT_READY")));
		await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
			.until(() -> templatesOf(export).size() == 2);
		List<UUID> notices = notificationJobs(export);
		await().atMost(Duration.ofSeconds(20)).until(() -> notices.stream()
			.allMatch(id -> jobs.find(id).orElseThrow().status() == JobStatus.SUCCEEDED));
		List<String> inbox = body(get("/api/notifications", Account.MANAGER)).get("items").valueStream()
			.filter(n -> notices.contains(UUID.fromString(n.get("jobId").asString())))
			.map(n -> n.get("title").asString())
			.toList();
		assertThat(inbox).as("one failed and one ready notice in the owner's inbox").hasSize(2);
	}

	/** The templates of the notices an export's endings created, oldest first. */
	private List<String> templatesOf(UUID export) {
		return jdbc.sql("""
				select payload ->> 'template' from {jobs}.job
				 where type = 'NOTIFICATION' and idempotency_key like :key order by created_at, idempotency_key
				""")
			.param("key", "export-end:" + export + ":%")
			.query(String.class)
			.list();
	}

	private List<UUID> notificationJobs(UUID export) {
		return jdbc.sql("select id from {jobs}.job where type = 'NOTIFICATION' and idempotency_key like :key")
			.param("key", "export-end:" + export + ":%")
			.query(UUID.class)
			.list();
	}

}
