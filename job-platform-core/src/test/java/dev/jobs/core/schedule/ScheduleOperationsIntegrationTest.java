package dev.jobs.core.schedule;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.jobs.core.IntegrationTest;
import dev.jobs.core.JobStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What operators do to schedules besides create and delete: pause, resume, edit and run once now, over the
 * API, administrators only, with the same checks as on create.
 */
class ScheduleOperationsIntegrationTest extends IntegrationTest {

	private static final String[] ADMIN = { "X-Test-User", "root", "X-Test-Roles", "SUPER_ADMIN" };

	private static final String[] AUDITOR = { "X-Test-User", "audrey", "X-Test-Roles", "AUDITOR" };

	private static final String[] ALICE = { "X-Test-User", "alice", "X-Test-Roles", "USER" };

	@Autowired
	Schedules schedules;

	@Autowired
	Scheduler scheduler;

	private final String id = "ops-" + UUID.randomUUID().toString().substring(0, 8);

	@AfterEach
	void remove() {
		if (schedules.list().stream().anyMatch(s -> s.id().equals(id))) {
			schedules.delete(id);
		}
	}

	@Test
	void aPausedScheduleSubmitsNothingEvenWhenDueAndResumesAtItsNextTimeWithoutCatchingUp() {
		hourly(MisfirePolicy.RUN_ONCE);
		HttpResponse<String> paused = send("POST", "/api/schedules/" + id + "/pause", ADMIN);
		assertThat(paused.statusCode()).as(paused.body()).isEqualTo(200);
		assertThat(body(paused).get("enabled").asBoolean()).isFalse();
		dueThreeHoursAgo();

		scheduler.fireDue();

		assertThat(jobsOf()).as("a paused schedule fires nothing").isEmpty();
		assertThat(schedules.find(id).lastFiredAt()).isNull();

		HttpResponse<String> resumed = send("POST", "/api/schedules/" + id + "/resume", ADMIN);
		assertThat(resumed.statusCode()).as(resumed.body()).isEqualTo(200);
		Instant next = Instant.parse(body(resumed).get("nextFireAt").asString());
		assertThat(next).as("the next hour, not the firings missed while paused").isAfter(Instant.now());
		scheduler.fireDue();
		assertThat(jobsOf()).as("RUN_ONCE does not catch up on a pause").isEmpty();
	}

	@Test
	void aPauseOfAConfiguredScheduleSurvivesTheConfigurationBeingAppliedAgain() {
		schedules.pause("test-config-nightly");
		try {
			schedules.synchronizeConfigured(Map.of("test-config-nightly", new Schedules.NewSchedule(
					"test-config-nightly", "NOOP", Map.of(), "0 0 3 * * *", "Asia/Shanghai", null, null)));
			assertThat(schedules.find("test-config-nightly").enabled()).isFalse();
		}
		finally {
			schedules.resume("test-config-nightly");
		}
		assertThat(schedules.find("test-config-nightly").enabled()).isTrue();
	}

	@Test
	void anEditIsCheckedAsOnCreateAndMovesTheNextFiringOnlyWhenTheTimingChanges() {
		hourly(MisfirePolicy.RUN_ONCE);
		Instant before = schedules.find(id).nextFireAt();

		HttpResponse<String> payloadOnly = sendJson("PUT", "/api/schedules/" + id, """
				{"payload": {"name": "changed", "sleepMillis": 0}, "cron": "0 0 * * * *", "zone": "UTC"}""", ADMIN);
		assertThat(payloadOnly.statusCode()).as(payloadOnly.body()).isEqualTo(200);
		assertThat(body(payloadOnly).get("payload").get("name").asString()).isEqualTo("changed");
		assertThat(schedules.find(id).nextFireAt()).isEqualTo(before);

		HttpResponse<String> rate = sendJson("PUT", "/api/schedules/" + id, """
				{"payload": {"name": "changed", "sleepMillis": 0}, "fixedRate": "PT10M", "misfire": "SKIP"}""", ADMIN);
		assertThat(rate.statusCode()).as(rate.body()).isEqualTo(200);
		Schedule changed = schedules.find(id);
		assertThat(changed.fixedRate()).isEqualTo(Duration.ofMinutes(10));
		assertThat(changed.cron()).isNull();
		assertThat(changed.misfire()).isEqualTo(MisfirePolicy.SKIP);

		assertRefused(sendJson("PUT", "/api/schedules/" + id, """
				{"payload": {"name": "x", "sleepMillis": 0}, "cron": "0 0 25 * * *", "zone": "UTC"}""", ADMIN), 400,
				"cron");
		assertRefused(sendJson("PUT", "/api/schedules/" + id, """
				{"payload": {"name": "", "sleepMillis": 0}, "fixedRate": "PT10M"}""", ADMIN), 400, "name");
		assertRefused(sendJson("PUT", "/api/schedules/" + id, """
				{"type": "NOOP", "payload": {}, "fixedRate": "PT10M"}""", ADMIN), 400, "type");
		assertThat(schedules.find(id).fixedRate()).as("a refused edit changes nothing").isEqualTo(Duration.ofMinutes(10));

		HttpResponse<String> configured = sendJson("PUT", "/api/schedules/test-config-nightly", """
				{"payload": {}, "fixedRate": "PT10M"}""", ADMIN);
		assertThat(configured.statusCode()).as(configured.body()).isEqualTo(409);
		assertThat(sendJson("PUT", "/api/schedules/no-such-" + id, "{\"payload\": {}, \"fixedRate\": \"PT10M\"}", ADMIN)
			.statusCode()).isEqualTo(404);
	}

	@Test
	void runNowWithTheSameKeySubmitsOneJobAndTheTimetableDoesNotMove() {
		hourly(MisfirePolicy.RUN_ONCE);
		schedules.pause(id);
		Instant next = schedules.find(id).nextFireAt();
		String[] withKey = { "X-Test-User", "root", "X-Test-Roles", "SUPER_ADMIN", "Idempotency-Key", "click-1" };

		HttpResponse<String> first = send("POST", "/api/schedules/" + id + "/run", withKey);
		HttpResponse<String> again = send("POST", "/api/schedules/" + id + "/run", withKey);

		assertThat(first.statusCode()).as(first.body()).isEqualTo(202);
		assertThat(again.statusCode()).as(again.body()).isEqualTo(202);
		UUID job = UUID.fromString(body(first).get("jobId").asString());
		assertThat(body(again).get("jobId").asString()).isEqualTo(job.toString());
		assertThat(body(again).get("replayed").asBoolean()).isTrue();
		assertThat(jobsOf()).hasSize(1);
		assertThat(awaitStatus(job, JobStatus.SUCCEEDED, Duration.ofSeconds(20)).createdBy())
			.isEqualTo(Schedule.submitter(id));
		Schedule after = schedules.find(id);
		assertThat(after.lastJobId()).isEqualTo(job);
		assertThat(after.nextFireAt()).isEqualTo(next);
		assertThat(after.enabled()).as("still paused").isFalse();

		HttpResponse<String> other = send("POST", "/api/schedules/" + id + "/run", ADMIN);
		assertThat(other.statusCode()).isEqualTo(202);
		assertThat(jobsOf()).as("another click without the key is another job").hasSize(2);
	}

	@Test
	void auditorsAndUsersPauseResumeEditAndRunNothing() {
		hourly(MisfirePolicy.RUN_ONCE);
		for (String[] who : List.of(AUDITOR, ALICE)) {
			assertRefused(send("POST", "/api/schedules/" + id + "/pause", who), 403, null);
			assertRefused(send("POST", "/api/schedules/" + id + "/resume", who), 403, null);
			assertRefused(send("POST", "/api/schedules/" + id + "/run", who), 403, null);
			assertRefused(sendJson("PUT", "/api/schedules/" + id, "{\"payload\": {}, \"fixedRate\": \"PT10M\"}", who),
					403, null);
		}
		assertThat(schedules.find(id).enabled()).isTrue();
		assertThat(schedules.find(id).cron()).isEqualTo("0 0 * * * *");
		assertThat(jobsOf()).isEmpty();
	}

	private void hourly(MisfirePolicy misfire) {
		schedules.create(new Schedules.NewSchedule(id, "RECORD", Map.of("name", "ops", "sleepMillis", 0),
				"0 0 * * * *", "UTC", null, misfire), "test");
	}

	private void dueThreeHoursAgo() {
		jdbc.sql("update {jobs}.job_schedule set next_fire_at = date_trunc('hour', now()) - interval '3 hours' where id = :id")
			.param("id", id)
			.update();
	}

	private void assertRefused(HttpResponse<String> response, int status, String field) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
				type -> assertThat(type).startsWith("application/problem+json"));
		if (field != null) {
			JsonNode errors = body(response).get("errors");
			assertThat(errors).as(response.body()).isNotEmpty();
			assertThat(errors.get(0).get("field").asString()).endsWith(field);
		}
	}

	private List<Map<String, Object>> jobsOf() {
		return jdbc.sql("select id from {jobs}.job where created_by = :by").param("by", Schedule.submitter(id)).query()
			.listOfRows();
	}

}
