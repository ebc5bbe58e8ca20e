package dev.jobs.app.dashboard;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import dev.jobs.core.JobStatus;
import dev.jobs.core.SubmitOptions;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every action taken in the dashboard is an operation log entry (who, what, to what, how many, from
 * which path and address), once, and the dashboard's Operation log page shows the log to its reader
 * roles only: super admins and auditors read it, users and managers are refused.
 */
class DashboardOperationLogIntegrationTest extends DashboardIntegrationTest {

	private static final Duration ENTRY_TIMEOUT = Duration.ofSeconds(20);

	/** A job that waits an hour before it runs: still there to cancel. */
	private UUID waitingJob(String key) {
		UUID id = jobs.submit("SLEEP", Map.of("millis", 0),
				SubmitOptions.defaults().withIdempotencyKey(key).withRunAt(Instant.now().plus(1, ChronoUnit.HOURS)))
			.id();
		created.add(id);
		return id;
	}

	private Map<String, Object> awaitEntry(String action, String target) {
		return await().atMost(ENTRY_TIMEOUT)
			.pollInterval(Duration.ofMillis(50))
			.until(() -> jdbc.sql("SELECT * FROM {jobs}.operation_log WHERE action = ? AND target = ?")
				.params(action, target)
				.query()
				.listOfRows(), rows -> !rows.isEmpty())
			.get(0);
	}

	private void assertRecorded(String action, String target, String path, String outcome, String message) {
		Map<String, Object> entry = awaitEntry(action, target);
		assertThat(entry.get("username")).as(action).isEqualTo(Account.ADMIN.username());
		assertThat(entry.get("outcome")).as(action).isEqualTo(outcome);
		assertThat(entry.get("http_method")).as(action).isEqualTo("POST");
		assertThat(entry.get("path")).as(action).isEqualTo(path);
		assertThat((String) entry.get("client_ip")).as(action).isNotBlank();
		assertThat((String) entry.get("correlation_id")).as(action).isNotBlank();
		assertThat((String) entry.get("message")).as(action).isEqualTo(message);
		// Recorded once: the dashboard goes to the core's JobAdmin, not through the annotated REST endpoints.
		assertThat(jdbc.sql("SELECT count(*) FROM {jobs}.operation_log WHERE action = ? AND target = ?")
			.params(action, target)
			.query(Integer.class)
			.single()).as(action + " entries").isEqualTo(1);
	}

	private static Map<String, String> form(String token, String... pairs) {
		Map<String, String> form = new LinkedHashMap<>();
		form.put("_csrf", token);
		for (int i = 0; i < pairs.length; i += 2) {
			form.put(pairs[i], pairs[i + 1]);
		}
		return form;
	}

	private static void assertRedirect(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(302);
	}

	@Test
	void everyDashboardActionIsRecordedOnceWithTheSignedInUserTheCountsThePathAndTheAddress() {
		String run = UUID.randomUUID().toString().substring(0, 8);
		UUID retried = failedJob("oplog-retry-" + run);
		UUID redriven = failedJob("oplog-redrive-" + run);
		UUID retriedSelected = failedJob("oplog-retry-sel-" + run);
		String retryMatchingKey = "oplog-retry-match-" + run;
		UUID retriedMatching = failedJob(retryMatchingKey);
		UUID cancelled = waitingJob("oplog-cancel-" + run);
		UUID cancelledSelected = waitingJob("oplog-cancel-sel-" + run);
		String cancelMatchingKey = "oplog-cancel-match-" + run;
		UUID cancelledMatching = waitingJob(cancelMatchingKey);
		FormSession admin = new FormSession(port).signIn(Account.ADMIN.username(), Account.ADMIN.password());
		String token = admin.csrfFrom("/dashboard/jobs");

		assertRedirect(admin.post("/dashboard/jobs/" + retried + "/retry", form(token)));
		assertRedirect(admin.post("/dashboard/dead-letters/SLEEP/jobs/" + redriven + "/redrive", form(token)));
		assertRedirect(admin.post("/dashboard/jobs/bulk", form(token, "op", "retry-selected", "ids", retriedSelected.toString())));
		assertRedirect(admin.post("/dashboard/jobs/bulk", form(token, "op", "retry-matching", "q", retryMatchingKey)));
		assertRedirect(admin.post("/dashboard/jobs/" + cancelled + "/cancel", form(token)));
		assertRedirect(admin.post("/dashboard/jobs/bulk", form(token, "op", "cancel-selected", "ids", cancelledSelected.toString())));
		assertRedirect(admin.post("/dashboard/jobs/bulk", form(token, "op", "cancel-matching", "q", cancelMatchingKey)));
		// The cancelled jobs are deleted once they have ended.
		for (UUID id : List.of(cancelled, cancelledSelected, cancelledMatching)) {
			awaitStatus(id, Set.of(JobStatus.CANCELLED), JOB_TIMEOUT);
		}
		assertRedirect(admin.post("/dashboard/jobs/" + cancelled + "/delete", form(token)));
		assertRedirect(admin.post("/dashboard/jobs/bulk", form(token, "op", "delete-selected", "ids", cancelledSelected.toString())));
		assertRedirect(admin.post("/dashboard/jobs/bulk", form(token, "op", "delete-matching", "q", cancelMatchingKey)));
		assertRedirect(admin.post("/dashboard/dead-letters/NOOP/redrive", form(token)));

		assertRecorded("DASHBOARD_JOB_RETRY", retried.toString(), "/dashboard/jobs/" + retried + "/retry", "SUCCESS",
				"retried job " + retried + " from the dashboard: 1 of 1 changed");
		assertRecorded("DASHBOARD_DEAD_LETTER_REDRIVE", redriven.toString(),
				"/dashboard/dead-letters/SLEEP/jobs/" + redriven + "/redrive", "SUCCESS",
				"re-drove parked job " + redriven + " from the dashboard: 1 of 1 retried");
		assertRecorded("DASHBOARD_BULK_RETRY", retriedSelected.toString(), "/dashboard/jobs/bulk", "SUCCESS",
				"retried 1 of 1 selected job(s) from the dashboard");
		assertRecorded("DASHBOARD_BULK_RETRY_MATCHING", "q=" + retryMatchingKey, "/dashboard/jobs/bulk", "SUCCESS",
				"retried 1 of 1 job(s) matching q=" + retryMatchingKey + " from the dashboard");
		assertRecorded("DASHBOARD_JOB_CANCEL", cancelled.toString(), "/dashboard/jobs/" + cancelled + "/cancel",
				"SUCCESS", "cancelled job " + cancelled + " from the dashboard: 1 of 1 changed");
		assertRecorded("DASHBOARD_BULK_CANCEL", cancelledSelected.toString(), "/dashboard/jobs/bulk", "SUCCESS",
				"cancelled 1 of 1 selected job(s) from the dashboard");
		assertRecorded("DASHBOARD_BULK_CANCEL_MATCHING", "q=" + cancelMatchingKey, "/dashboard/jobs/bulk", "SUCCESS",
				"cancelled 1 of 1 job(s) matching q=" + cancelMatchingKey + " from the dashboard");
		assertRecorded("DASHBOARD_JOB_DELETE", cancelled.toString(), "/dashboard/jobs/" + cancelled + "/delete",
				"SUCCESS", "deleted job " + cancelled + " from the dashboard: 1 of 1 changed");
		assertRecorded("DASHBOARD_BULK_DELETE", cancelledSelected.toString(), "/dashboard/jobs/bulk", "SUCCESS",
				"deleted 1 of 1 selected job(s) from the dashboard");
		assertRecorded("DASHBOARD_BULK_DELETE_MATCHING", "q=" + cancelMatchingKey, "/dashboard/jobs/bulk", "SUCCESS",
				"deleted 1 of 1 job(s) matching q=" + cancelMatchingKey + " from the dashboard");
		assertThat((String) awaitEntry("DASHBOARD_DEAD_LETTERS_REDRIVE", "NOOP").get("message"))
			.startsWith("re-drove the dead letters of NOOP from the dashboard: ");

		for (UUID id : List.of(retried, redriven, retriedSelected, retriedMatching)) {
			awaitStatus(id, Set.of(JobStatus.SUCCEEDED), JOB_TIMEOUT);
		}
		created.removeAll(List.of(cancelled, cancelledSelected, cancelledMatching));
	}

	@Test
	void anActionThatFailsIsRecordedAsAFailureAndTheOperatorStillSeesTheError() {
		String type = "NO_SUCH_TYPE_" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
		FormSession admin = new FormSession(port).signIn(Account.ADMIN.username(), Account.ADMIN.password());
		String token = admin.csrfFrom("/dashboard/dead-letters");

		assertThat(admin.post("/dashboard/dead-letters/" + type + "/redrive", form(token)).statusCode()).isEqualTo(404);

		Map<String, Object> entry = awaitEntry("DASHBOARD_DEAD_LETTERS_REDRIVE", type);
		assertThat(entry.get("outcome")).isEqualTo("FAILURE");
		assertThat(entry.get("username")).isEqualTo(Account.ADMIN.username());
		assertThat((String) entry.get("message"))
			.startsWith("could not re-drive the dead letters of " + type + " from the dashboard: ");
		assertThat((String) entry.get("error_type")).endsWith("UnknownJobTypeException");
	}

	@Test
	void superAdminsAndAuditorsReadTheOperationLogPageUsersAndManagersAreRefused() {
		UUID id = waitingJob("oplog-page-" + UUID.randomUUID());
		FormSession admin = new FormSession(port).signIn(Account.ADMIN.username(), Account.ADMIN.password());
		assertRedirect(admin.post("/dashboard/jobs/" + id + "/cancel", form(admin.csrfFrom("/dashboard/jobs"))));
		String entryId = awaitEntry("DASHBOARD_JOB_CANCEL", id.toString()).get("id").toString();
		String byTarget = "/dashboard/operation-log?target=" + URLEncoder.encode(id.toString(), StandardCharsets.UTF_8);

		for (Account reader : List.of(Account.ADMIN, Account.AUDITOR)) {
			FormSession session = new FormSession(port).signIn(reader.username(), reader.password());
			assertThat(session.get("/dashboard").body()).as(reader + " sees the navigation entry")
				.contains("id=\"nav-operation-log\"");
			HttpResponse<String> page = session.get(byTarget);
			assertThat(page.statusCode()).as(reader.toString()).isEqualTo(200);
			assertThat(page.body()).contains("data-entry-id=\"" + entryId + "\"")
				.contains("DASHBOARD_JOB_CANCEL")
				.contains(Account.ADMIN.username())
				.contains("cancelled job " + id + " from the dashboard: 1 of 1 changed")
				// Read-only: the only form that posts is the sign-out.
				.doesNotContain("method=\"post\" action=\"/dashboard");
			HttpResponse<String> detail = session.get("/dashboard/operation-log/" + entryId);
			assertThat(detail.statusCode()).isEqualTo(200);
			assertThat(detail.body()).contains("POST /dashboard/jobs/" + id + "/cancel").contains("1 of 1 changed");
		}
		FormSession auditor = new FormSession(port).signIn(Account.AUDITOR.username(), Account.AUDITOR.password());
		assertThat(auditor.get("/dashboard/operation-log/" + UUID.randomUUID()).statusCode()).isEqualTo(404);
		assertThat(auditor.get("/dashboard/operation-log/not-an-id").statusCode()).isEqualTo(404);
		HttpResponse<String> bad = auditor.get("/dashboard/operation-log?outcome=MAYBE&from=yesterday");
		assertThat(bad.statusCode()).isEqualTo(200);
		assertThat(bad.body()).contains("outcome: SUCCESS or FAILURE, not MAYBE").contains("from: not a date and time")
			.contains("No entries match.");

		for (Account account : List.of(Account.USER, Account.MANAGER)) {
			FormSession session = new FormSession(port).signIn(account.username(), account.password());
			assertThat(session.get("/dashboard/operation-log").statusCode()).as(account.toString()).isEqualTo(403);
			assertThat(session.get("/dashboard/operation-log/" + entryId).statusCode()).as(account.toString())
				.isEqualTo(403);
		}
		assertThat(new FormSession(port).get("/dashboard/operation-log").statusCode()).isIn(302, 401);
	}

}
