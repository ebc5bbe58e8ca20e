package dev.jobs.app.dashboard;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.jobs.app.IntegrationTest;
import dev.jobs.core.schedule.MisfirePolicy;
import dev.jobs.core.schedule.Schedule;
import dev.jobs.core.schedule.Schedules;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The schedules page as deployed (form login, CSRF): administrators pause, resume, edit and run a schedule
 * now, each recorded in the operation log; a double click on "Run now" is one job; a bad edit is refused
 * naming the field and changes nothing; auditors look and change nothing; users see nothing.
 */
class DashboardSchedulesIntegrationTest extends IntegrationTest {

	@Autowired
	Schedules schedules;

	private final String id = "dash-" + UUID.randomUUID().toString().substring(0, 8);

	@BeforeEach
	void hourly() {
		schedules.create(new Schedules.NewSchedule(id, "SLEEP", Map.of("millis", 0), "0 0 * * * *", "UTC", null,
				MisfirePolicy.RUN_ONCE), Account.ADMIN.username());
	}

	@AfterEach
	void remove() {
		if (schedules.list().stream().anyMatch(s -> s.id().equals(id))) {
			schedules.delete(id);
		}
	}

	@Test
	void anAdministratorPausesResumesAndEditsAScheduleAndEachIsRecorded() {
		FormSession admin = new FormSession(port).signIn(Account.ADMIN.username(), Account.ADMIN.password());
		HttpResponse<String> list = admin.get("/dashboard/schedules");
		assertThat(list.statusCode()).isEqualTo(200);
		assertThat(list.body()).contains("data-schedule=\"" + id + "\"").contains("id=\"pause-" + id + "\"");

		String token = admin.csrfFrom("/dashboard/schedules/" + id);
		assertThat(admin.post("/dashboard/schedules/" + id + "/pause", form(token)).statusCode()).isEqualTo(302);
		assertThat(schedules.find(id).enabled()).isFalse();
		assertThat(admin.get("/dashboard/schedules/" + id).body()).contains("<dd id=\"state\">paused</dd>");

		assertThat(admin.post("/dashboard/schedules/" + id + "/resume", form(token)).statusCode()).isEqualTo(302);
		assertThat(schedules.find(id).enabled()).isTrue();

		// A browser sends the payload's lines as CR LF: they are text, not a malformed request.
		assertThat(admin.post("/dashboard/schedules/" + id, form(token, "trigger", "rate", "fixedRate", "PT30M",
				"payload", "{\r\n  \"millis\": 5\r\n}", "misfire", "SKIP")).statusCode()).isEqualTo(302);
		Schedule edited = schedules.find(id);
		assertThat(edited.fixedRate()).isEqualTo(Duration.ofMinutes(30));
		assertThat(edited.payload().get("millis").asInt()).isEqualTo(5);
		assertThat(edited.misfire()).isEqualTo(MisfirePolicy.SKIP);

		for (String action : List.of("DASHBOARD_SCHEDULE_PAUSE", "DASHBOARD_SCHEDULE_RESUME",
				"DASHBOARD_SCHEDULE_UPDATE")) {
			Map<String, Object> entry = awaitEntry(action);
			assertThat(entry.get("username")).as(action).isEqualTo(Account.ADMIN.username());
			assertThat(entry.get("outcome")).as(action).isEqualTo("SUCCESS");
		}
	}

	@Test
	void aBadEditIsRefusedNamingTheFieldAndChangesNothing() {
		FormSession admin = new FormSession(port).signIn(Account.ADMIN.username(), Account.ADMIN.password());
		String token = admin.csrfFrom("/dashboard/schedules/" + id);

		admin.post("/dashboard/schedules/" + id, form(token, "trigger", "cron", "cron", "0 0 25 * * *", "zone", "UTC",
				"payload", "{\"millis\": 0}", "misfire", "RUN_ONCE"));
		String page = admin.get("/dashboard/schedules/" + id).body();
		assertThat(page).contains("id=\"flash-error\"").contains("cron");
		assertThat(page).as("the rejected input is kept in the form").contains("0 0 25 * * *");

		admin.post("/dashboard/schedules/" + id, form(token, "trigger", "rate", "fixedRate", "PT30M", "payload",
				"{\"millis\": -1}", "misfire", "RUN_ONCE"));
		assertThat(admin.get("/dashboard/schedules/" + id).body()).contains("id=\"flash-error\"").contains("millis");

		admin.post("/dashboard/schedules/" + id, form(token, "trigger", "rate", "fixedRate", "half an hour",
				"payload", "{}", "misfire", "RUN_ONCE"));
		assertThat(admin.get("/dashboard/schedules/" + id).body()).contains("fixedRate: &#39;half an hour&#39;");

		Schedule unchanged = schedules.find(id);
		assertThat(unchanged.cron()).isEqualTo("0 0 * * * *");
		assertThat(unchanged.payload().get("millis").asInt()).isZero();
	}

	@Test
	void aDoubleClickOnRunNowSubmitsOneJob() {
		FormSession admin = new FormSession(port).signIn(Account.ADMIN.username(), Account.ADMIN.password());
		String page = admin.get("/dashboard/schedules/" + id).body();
		String token = FormSession.csrf(page);
		String key = page.replaceAll("(?s).*name=\"key\" value=\"([^\"]+)\".*", "$1");

		admin.post("/dashboard/schedules/" + id + "/run", form(token, "key", key));
		admin.post("/dashboard/schedules/" + id + "/run", form(token, "key", key));

		List<UUID> submitted = jdbc.sql("select id from {jobs}.job where created_by = :by")
			.param("by", Schedule.submitter(id))
			.query(UUID.class)
			.list();
		assertThat(submitted).hasSize(1);
		assertThat(schedules.find(id).lastJobId()).isEqualTo(submitted.get(0));
		assertThat(admin.get("/dashboard/schedules/" + id).body()).contains("id=\"last-job\"");
	}

	@Test
	void auditorsSeeSchedulesWithoutButtonsAndTheirPostsAreRefusedUsersSeeNothing() {
		FormSession auditor = new FormSession(port).signIn(Account.AUDITOR.username(), Account.AUDITOR.password());
		HttpResponse<String> list = auditor.get("/dashboard/schedules");
		assertThat(list.statusCode()).isEqualTo(200);
		assertThat(list.body()).contains("data-schedule=\"" + id + "\"").doesNotContain("id=\"pause-" + id + "\"");
		String token = auditor.csrfFrom("/dashboard/schedules/" + id);
		for (String action : List.of("pause", "resume", "run", "delete")) {
			assertThat(auditor.post("/dashboard/schedules/" + id + "/" + action, form(token, "key", "k")).statusCode())
				.as(action).isEqualTo(403);
		}
		assertThat(auditor.post("/dashboard/schedules/" + id, form(token, "trigger", "rate", "fixedRate", "PT1M"))
			.statusCode()).isEqualTo(403);
		assertThat(schedules.find(id).enabled()).isTrue();
		assertThat(schedules.find(id).cron()).isEqualTo("0 0 * * * *");

		FormSession user = new FormSession(port).signIn(Account.USER.username(), Account.USER.password());
		assertThat(user.get("/dashboard/schedules").statusCode()).isEqualTo(403);
	}

	private Map<String, Object> awaitEntry(String action) {
		return await().atMost(Duration.ofSeconds(20))
			.until(() -> jdbc.sql("SELECT * FROM {jobs}.operation_log WHERE action = ? AND target = ?")
				.params(action, id)
				.query()
				.listOfRows(), rows -> !rows.isEmpty())
			.get(0);
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
