package dev.jobs.app.schedule;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.jobs.app.IntegrationTest;
import dev.jobs.app.security.Role;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code /api/schedules} behind the platform's real security: super admins only — a manager who may
 * submit exports still may not make them recur — and the example schedule.
 */
class ScheduleApiIntegrationTest extends IntegrationTest {

	private final String id = "weekly-rd-export-" + UUID.randomUUID().toString().substring(0, 8);

	private String weeklyRdExport() {
		return """
				{"id": "%s", "type": "EMPLOYEE_EXPORT", "payload": {"department": "研发部", "format": "XLSX"},
				 "cron": "0 0 8 * * MON", "zone": "Asia/Shanghai", "misfire": "SKIP"}""".formatted(id);
	}

	@Test
	void superAdminSchedulesTheWeeklyExportAndSeesItsNextFireTime() {
		HttpResponse<byte[]> created = post("/api/schedules", weeklyRdExport(), Account.ADMIN);
		try {
			assertThat(created.statusCode()).as(new String(created.body())).isEqualTo(201);
			JsonNode listed = null;
			for (JsonNode schedule : body(get("/api/schedules", Account.ADMIN))) {
				if (schedule.get("id").asString().equals(id)) {
					listed = schedule;
				}
			}
			assertThat(listed).isNotNull();
			ZonedDateTime next = Instant.parse(listed.get("nextFireAt").asString()).atZone(ZoneId.of("Asia/Shanghai"));
			assertThat(next.getDayOfWeek()).isEqualTo(DayOfWeek.MONDAY);
			assertThat(next.getHour()).isEqualTo(8);
			assertThat(listed.get("createdBy").asString()).isEqualTo(Account.ADMIN.username());
		}
		finally {
			delete("/api/schedules/" + id, Account.ADMIN);
		}
	}

	@Test
	void managersAndUsersMayNotManageSchedulesOnAnyMethod() {
		for (Account account : new Account[] { Account.MANAGER, Account.USER }) {
			assertProblem(post("/api/schedules", weeklyRdExport(), account), 403, "forbidden");
			assertProblem(get("/api/schedules", account), 403, "forbidden");
			assertProblem(delete("/api/schedules/" + id, account), 403, "forbidden");
		}
		assertThat(post("/api/schedules", weeklyRdExport(), null).statusCode()).isEqualTo(401);
		assertThat(jdbc.sql("select count(*) from {jobs}.job_schedule where id = :id").param("id", id).query(Long.class).single())
			.isZero();
	}

	@Test
	void auditorsReadSchedulesButAreRefusedEveryChange() {
		assertThat(post("/api/schedules", weeklyRdExport(), Account.ADMIN).statusCode()).isEqualTo(201);
		try {
			HttpResponse<byte[]> list = get("/api/schedules", Account.AUDITOR);
			assertThat(list.statusCode()).as(new String(list.body())).isEqualTo(200);
			boolean listed = false;
			for (JsonNode schedule : body(list)) {
				listed |= schedule.get("id").asString().equals(id);
			}
			assertThat(listed).as("the auditor sees the schedule").isTrue();
			assertThat(get("/api/schedules/" + id, Account.AUDITOR).statusCode()).isEqualTo(200);

			assertProblem(post("/api/schedules", weeklyRdExport().replace(id, id + "-2"), Account.AUDITOR), 403,
					"read-only-role");
			assertProblem(delete("/api/schedules/" + id, Account.AUDITOR), 403, "read-only-role");
			assertThat(jdbc.sql("select count(*) from {jobs}.job_schedule where id in (:ids)")
				.param("ids", java.util.List.of(id, id + "-2"))
				.query(Long.class)
				.single()).as("the schedule stays, and no second one").isEqualTo(1);
		}
		finally {
			delete("/api/schedules/" + id, Account.ADMIN);
		}
	}

	@Test
	void badCronIsAProblemNamingTheField() {
		JsonNode problem = assertProblem(post("/api/schedules", weeklyRdExport().replace("0 0 8 * * MON", "mondays"),
				Account.ADMIN), 400, "invalid-schedule");

		assertThat(problem.get("errors").get(0).get("field").asString()).isEqualTo("cron");
	}

	@Test
	void scheduleOfACreatorWhoWasDisabledOrDemotedSubmitsNothingAndSaysWhy() {
		String disabled = "creator-" + UUID.randomUUID().toString().substring(0, 8);
		String demoted = "creator-" + UUID.randomUUID().toString().substring(0, 8);
		Map<String, String> schedules = new LinkedHashMap<>();
		try {
			for (String creator : List.of(disabled, demoted)) {
				users.create(creator, "Creator", null, Role.SUPER_ADMIN, "creator-password-1");
				String schedule = creator + "-every-second";
				HttpResponse<byte[]> created = send(HttpRequest.newBuilder(url("/api/schedules"))
					.header("Authorization", "Basic " + Base64.getEncoder()
						.encodeToString((creator + ":creator-password-1").getBytes(StandardCharsets.UTF_8)))
					.header("Content-Type", "application/json")
					.POST(HttpRequest.BodyPublishers.ofString("""
							{"id": "%s", "type": "NOOP", "fixedRate": "PT1S", "misfire": "SKIP"}""".formatted(schedule))));
				assertThat(created.statusCode()).as(new String(created.body())).isEqualTo(201);
				schedules.put(creator, schedule);
			}
			// Both fire while their creators may schedule.
			schedules.values().forEach(id -> await().atMost(Duration.ofSeconds(15))
				.until(() -> jobsOf(id) > 0));

			jdbc.sql("update app_user set status = 'DISABLED' where username = :name").param("name", disabled).update();
			jdbc.sql("update app_user set role = 'USER' where username = :name").param("name", demoted).update();

			await().atMost(Duration.ofSeconds(15))
				.untilAsserted(() -> assertThat(lastError(schedules.get(disabled))).contains(disabled + " is disabled"));
			await().atMost(Duration.ofSeconds(15))
				.untilAsserted(() -> assertThat(lastError(schedules.get(demoted)))
					.contains(demoted + " (now USER) may no longer manage schedules"));
			long disabledJobs = jobsOf(schedules.get(disabled));
			long demotedJobs = jobsOf(schedules.get(demoted));
			String firedAt = lastFiredAt(schedules.get(disabled));
			await().atMost(Duration.ofSeconds(15)).until(() -> !lastFiredAt(schedules.get(disabled)).equals(firedAt));
			assertThat(jobsOf(schedules.get(disabled))).as("refused firings submit nothing").isEqualTo(disabledJobs);
			assertThat(jobsOf(schedules.get(demoted))).as("refused firings submit nothing").isEqualTo(demotedJobs);
		}
		finally {
			schedules.values().forEach(id -> delete("/api/schedules/" + id, Account.ADMIN));
			await().atMost(JOB_TIMEOUT).until(() -> jdbc.sql("select count(*) from {jobs}.job where created_by like "
					+ "'schedule:creator-%' and status not in ('SUCCEEDED', 'FAILED', 'CANCELLED')")
				.query(Long.class).single() == 0);
		}
	}

	private long jobsOf(String schedule) {
		return jdbc.sql("select count(*) from {jobs}.job where created_by = :by").param("by", "schedule:" + schedule)
			.query(Long.class).single();
	}

	private String lastError(String schedule) {
		return String.valueOf(jdbc.sql("select last_error from {jobs}.job_schedule where id = :id").param("id", schedule)
			.query(String.class).optional().orElse(null));
	}

	private String lastFiredAt(String schedule) {
		return String.valueOf(jdbc.sql("select last_fired_at::text from {jobs}.job_schedule where id = :id")
			.param("id", schedule).query(String.class).single());
	}

	private HttpResponse<byte[]> delete(String path, Account account) {
		return send(HttpRequest.newBuilder(url(path)).header("Authorization", account.basic()).DELETE());
	}

}
