package dev.jobs.app.dashboard;

import java.sql.Timestamp;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import dev.jobs.app.FailureGroupRows;
import dev.jobs.core.JobStatus;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The failure groups pages as deployed (form login, CSRF): administrators see a group and retry it, and the retry
 * is recorded; auditors see the list, the group and its stack trace without a button, and their POSTs are refused.
 */
class DashboardFailureGroupsIntegrationTest extends DashboardIntegrationTest {

	private FailureGroupRows.Group group(int jobs) {
		FailureGroupRows.Group group = FailureGroupRows.failed(jdbc, jobs);
		created.addAll(group.ids());
		return group;
	}

	@Test
	void anAdministratorRetriesAGroupFromItsPageAndTheRetryIsRecorded() {
		Timestamp start = jdbc.sql("select now()").query(Timestamp.class).single();
		FailureGroupRows.Group group = group(2);
		FormSession admin = new FormSession(port).signIn(Account.ADMIN.username(), Account.ADMIN.password());

		assertThat(admin.get("/dashboard/failure-groups?window=1h").body())
			.contains("data-fingerprint=\"" + group.fingerprint() + "\"");
		String page = admin.get("/dashboard/failure-groups/" + group.fingerprint()).body();
		assertThat(page).contains("id=\"retry-group\"").contains(group.message().replace("<", "&lt;").replace(">", "&gt;"))
			.contains("Invoices.charge(");

		var response = admin.post("/dashboard/failure-groups/" + group.fingerprint() + "/retry",
				Map.of("_csrf", FormSession.csrf(page)));
		assertThat(response.statusCode()).isEqualTo(302);
		for (UUID id : group.ids()) {
			awaitStatus(id, Set.of(JobStatus.SUCCEEDED), JOB_TIMEOUT);
		}
		assertThat(admin.get("/dashboard/failure-groups/" + group.fingerprint()).statusCode()).isEqualTo(404);

		Map<String, Object> entry = await().atMost(Duration.ofSeconds(20))
			.until(() -> jdbc.sql("select * from {jobs}.operation_log where action = 'DASHBOARD_FAILURE_GROUP_RETRY' "
					+ "and target = ? and occurred_at >= ?")
				.params(group.fingerprint(), start)
				.query()
				.listOfRows(), rows -> !rows.isEmpty())
			.get(0);
		assertThat(entry.get("username")).isEqualTo(Account.ADMIN.username());
		assertThat(String.valueOf(entry.get("message"))).contains("retried 2 of 2 failed job(s)");
	}

	@Test
	void auditorsSeeTheGroupsWithoutButtonsAndTheirPostsAreRefused() {
		FailureGroupRows.Group group = group(1);
		FormSession auditor = new FormSession(port).signIn(Account.AUDITOR.username(), Account.AUDITOR.password());

		assertThat(auditor.get("/dashboard/failure-groups").body()).contains(group.fingerprint());
		assertThat(auditor.get("/dashboard/failure-groups/top").statusCode()).isEqualTo(200);
		String page = auditor.get("/dashboard/failure-groups/" + group.fingerprint()).body();
		assertThat(page).contains("Invoices.charge(").doesNotContain("id=\"retry-group\"")
			.doesNotContain("/failure-groups/" + group.fingerprint() + "/retry");

		assertThat(auditor.post("/dashboard/failure-groups/" + group.fingerprint() + "/retry",
				Map.of("_csrf", FormSession.csrf(page))).statusCode()).isEqualTo(403);
		assertThat(jobs.find(group.ids().get(0)).orElseThrow().status()).isEqualTo(JobStatus.FAILED);
	}

	@Test
	void anUnknownOrMalformedFingerprintIsRefused() {
		FormSession admin = new FormSession(port).signIn(Account.ADMIN.username(), Account.ADMIN.password());

		assertThat(admin.get("/dashboard/failure-groups/0123456789abcdef0123").statusCode()).isEqualTo(404);
		assertThat(admin.get("/dashboard/failure-groups/NOT-HEX").statusCode()).isEqualTo(400);
		assertThat(admin.get("/dashboard/failure-groups?window=forever").statusCode()).isEqualTo(400);
	}

}
