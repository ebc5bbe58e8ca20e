package dev.jobs.app.dashboard;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.jobs.app.IntegrationTest;
import dev.jobs.core.JobTypeControls;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Pausing and scaling a job type from the dashboard as deployed (form login, CSRF): administrators act and each
 * action is recorded; the overview marks the paused type; a concurrency of 0 is refused naming the field;
 * auditors see the state without buttons and are refused; the REST verbs refuse users.
 */
class DashboardTypeControlsIntegrationTest extends IntegrationTest {

	@Autowired
	JobTypeControls controls;

	@AfterEach
	void runAsConfigured() {
		controls.resume("SLEEP", "test");
		controls.resetConcurrency("SLEEP", "test");
		controls.resetGlobalConcurrency("SLEEP", "test");
		controls.resetRateLimit("SLEEP", "test");
	}

	@Test
	void anAdministratorLimitsATypeAcrossAllInstancesAndResetsItEachRecorded() {
		java.sql.Timestamp start = jdbc.sql("select now()").query(java.sql.Timestamp.class).single();
		FormSession admin = new FormSession(port).signIn(Account.ADMIN.username(), Account.ADMIN.password());
		String token = admin.csrfFrom("/dashboard/types");

		// Each POST is followed by the page it redirects to, as in a browser (which shows its flash message).
		admin.post("/dashboard/types/SLEEP/global-concurrency", form(token, "globalConcurrency", "3"));
		assertThat(admin.get("/dashboard/types").body()).contains("Limited SLEEP to 3 attempt(s) running at once");
		admin.post("/dashboard/types/SLEEP/rate-limit", form(token, "rateLimit", "600/1m"));
		assertThat(controls.get("SLEEP").effectiveGlobalConcurrency()).isEqualTo(3);
		assertThat(controls.get("SLEEP").effectiveRateLimit()).hasToString("600/1m");
		assertThat(controls.get("SLEEP").limitsBy()).isEqualTo(Account.ADMIN.username());
		String page = admin.get("/dashboard/types").body();
		assertThat(page).contains("data-global-concurrency=\"SLEEP\">3<").contains("data-rate-limit=\"SLEEP\">600/1m<")
			.contains("id=\"reset-rate-limit-SLEEP\"");

		admin.post("/dashboard/types/SLEEP/rate-limit", form(token, "rateLimit", "fast"));
		assertThat(admin.get("/dashboard/types").body()).contains("id=\"flash-error\"").contains("rateLimit");
		admin.post("/dashboard/types/SLEEP/global-concurrency", form(token, "globalConcurrency", "0"));
		assertThat(admin.get("/dashboard/types").body()).contains("id=\"flash-error\"").contains("globalConcurrency");
		assertThat(controls.get("SLEEP").effectiveGlobalConcurrency()).isEqualTo(3);

		admin.post("/dashboard/types/SLEEP/global-concurrency", form(token, "reset", "1"));
		assertThat(admin.get("/dashboard/types").body()).contains("to its configured limit across all instances: no limit");
		admin.post("/dashboard/types/SLEEP/rate-limit", form(token, "reset", "1"));
		assertThat(admin.get("/dashboard/types").body()).contains("to its configured starts per period: no limit");
		assertThat(controls.get("SLEEP").limited()).isFalse();

		for (String action : List.of("DASHBOARD_JOB_TYPE_LIMIT_CONCURRENCY", "DASHBOARD_JOB_TYPE_LIMIT_RATE",
				"DASHBOARD_JOB_TYPE_LIMIT_CONCURRENCY_RESET", "DASHBOARD_JOB_TYPE_LIMIT_RATE_RESET")) {
			Map<String, Object> entry = await().atMost(Duration.ofSeconds(20))
				.until(() -> jdbc.sql("SELECT * FROM {jobs}.operation_log WHERE action = ? AND target = 'SLEEP' AND occurred_at >= ? AND outcome = 'SUCCESS'")
					.params(action, start)
					.query()
					.listOfRows(), rows -> !rows.isEmpty())
				.get(0);
			assertThat(entry.get("username")).as(action).isEqualTo(Account.ADMIN.username());
		}
	}

	@Test
	void anAdministratorPausesResumesAndScalesATypeAndEachIsRecorded() {
		java.sql.Timestamp start = jdbc.sql("select now()").query(java.sql.Timestamp.class).single();
		FormSession admin = new FormSession(port).signIn(Account.ADMIN.username(), Account.ADMIN.password());
		String token = admin.csrfFrom("/dashboard/types");

		assertThat(admin.post("/dashboard/types/SLEEP/pause", form(token)).statusCode()).isEqualTo(302);
		assertThat(controls.get("SLEEP").paused()).isTrue();
		assertThat(admin.get("/dashboard/types").body()).contains("id=\"resume-SLEEP\"");
		assertThat(admin.get("/dashboard").body()).contains("data-paused=\"SLEEP\"");

		assertThat(admin.post("/dashboard/types/SLEEP/resume", form(token)).statusCode()).isEqualTo(302);
		assertThat(controls.get("SLEEP").paused()).isFalse();

		admin.post("/dashboard/types/SLEEP/concurrency", form(token, "concurrency", "3"));
		assertThat(controls.get("SLEEP").effectiveConcurrency()).isEqualTo(3);
		assertThat(controls.get("SLEEP").concurrencyBy()).isEqualTo(Account.ADMIN.username());
		admin.post("/dashboard/types/SLEEP/concurrency", form(token, "reset", "1"));
		assertThat(controls.get("SLEEP").concurrencyOverride()).isNull();

		for (String action : List.of("DASHBOARD_JOB_TYPE_PAUSE", "DASHBOARD_JOB_TYPE_RESUME", "DASHBOARD_JOB_TYPE_SCALE",
				"DASHBOARD_JOB_TYPE_SCALE_RESET")) {
			Map<String, Object> entry = await().atMost(Duration.ofSeconds(20))
				.until(() -> jdbc.sql("SELECT * FROM {jobs}.operation_log WHERE action = ? AND target = 'SLEEP' AND occurred_at >= ?")
					.params(action, start)
					.query()
					.listOfRows(), rows -> !rows.isEmpty())
				.get(0);
			assertThat(entry.get("username")).as(action).isEqualTo(Account.ADMIN.username());
			assertThat(entry.get("outcome")).as(action).isEqualTo("SUCCESS");
		}
	}

	@Test
	void aConcurrencyOfZeroIsRefusedNamingTheFieldAndChangesNothing() {
		FormSession admin = new FormSession(port).signIn(Account.ADMIN.username(), Account.ADMIN.password());
		String token = admin.csrfFrom("/dashboard/types");

		admin.post("/dashboard/types/SLEEP/concurrency", form(token, "concurrency", "0"));
		assertThat(admin.get("/dashboard/types").body()).contains("id=\"flash-error\"").contains("concurrency");
		admin.post("/dashboard/types/SLEEP/concurrency", form(token, "concurrency", "lots"));
		assertThat(admin.get("/dashboard/types").body()).contains("id=\"flash-error\"").contains("not a whole number");

		assertThat(controls.get("SLEEP").concurrencyOverride()).isNull();
	}

	@Test
	void auditorsSeeTheStateButAreRefusedAndUsersAreRefusedOverRest() {
		controls.pause("SLEEP", "ops");
		FormSession auditor = new FormSession(port).signIn(Account.AUDITOR.username(), Account.AUDITOR.password());
		String page = auditor.get("/dashboard/types").body();
		assertThat(page).contains("data-state=\"paused\"").doesNotContain("id=\"resume-SLEEP\"");
		String token = FormSession.csrf(page);
		assertThat(auditor.post("/dashboard/types/SLEEP/resume", form(token)).statusCode()).isEqualTo(403);
		assertThat(auditor.post("/dashboard/types/SLEEP/concurrency", form(token, "concurrency", "1")).statusCode())
			.isEqualTo(403);
		assertThat(page).doesNotContain("id=\"limit-rate-SLEEP\"").doesNotContain("id=\"limit-concurrency-SLEEP\"");
		assertThat(auditor.post("/dashboard/types/SLEEP/global-concurrency", form(token, "globalConcurrency", "1"))
			.statusCode()).isEqualTo(403);
		assertThat(auditor.post("/dashboard/types/SLEEP/rate-limit", form(token, "rateLimit", "1/1s")).statusCode())
			.isEqualTo(403);
		assertThat(controls.get("SLEEP").limited()).isFalse();
		assertThat(controls.get("SLEEP").paused()).isTrue();

		// The application refuses an auditor's change before it reaches the API; users are refused by the API.
		assertProblem(post("/api/job-types/SLEEP/resume", null, Account.AUDITOR), 403, "read-only-role");
		assertProblem(put("/api/job-types/SLEEP/rate-limit", "{\"rateLimit\": \"1/1s\"}", Account.AUDITOR), 403,
				"read-only-role");
		for (Account account : List.of(Account.USER, Account.MANAGER)) {
			assertProblem(post("/api/job-types/SLEEP/resume", null, account), 403, "forbidden");
			assertProblem(put("/api/job-types/SLEEP/global-concurrency", "{\"globalConcurrency\": 1}", account), 403,
					"forbidden");
		}
		assertThat(controls.get("SLEEP").paused()).isTrue();
		assertThat(post("/api/job-types/SLEEP/resume", null, Account.ADMIN).statusCode()).isEqualTo(200);
		assertThat(controls.get("SLEEP").paused()).isFalse();
	}

	private java.net.http.HttpResponse<byte[]> put(String path, String jsonBody, Account account) {
		return send(java.net.http.HttpRequest.newBuilder(url(path))
			.header("Authorization", account.basic())
			.header("Content-Type", "application/json")
			.PUT(java.net.http.HttpRequest.BodyPublishers.ofString(jsonBody)));
	}

	private static Map<String, String> form(String token, String... pairs) {
		Map<String, String> form = new LinkedHashMap<>();
		form.put("_csrf", token);
		for (int i = 0; i < pairs.length; i += 2) {
			form.put(pairs[i], pairs[i + 1]);
		}
		return form;
	}

}
