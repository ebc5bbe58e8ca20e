package dev.jobs.core.schedule;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.jobs.core.IntegrationTest;
import dev.jobs.core.JobStatus;
import dev.jobs.core.TestHandlers;
import dev.jobs.testapp.TestApplication;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Recurring schedules against the real database and broker: firing on time, exactly one job per
 * firing with two instances, the misfire policies, and the admin-only API with its 400s.
 */
class ScheduleIntegrationTest extends IntegrationTest {

	private static final String[] ADMIN = { "X-Test-User", "root", "X-Test-Roles", "SUPER_ADMIN" };

	private static final String[] AUDITOR = { "X-Test-User", "audrey", "X-Test-Roles", "AUDITOR" };

	private static final String[] ALICE = { "X-Test-User", "alice", "X-Test-Roles", "USER" };

	@Autowired
	Schedules schedules;

	@Autowired
	Scheduler scheduler;

	private final String id = "test-" + UUID.randomUUID().toString().substring(0, 8);

	@Test
	void shortCronScheduleFiresOnTimeAndItsJobRuns() {
		HttpResponse<String> created = post("/api/schedules", """
				{"id": "%s", "type": "RECORD", "payload": {"name": "tick", "sleepMillis": 0},
				 "cron": "*/2 * * * * *", "zone": "Asia/Shanghai"}""".formatted(id), ADMIN);
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		assertThat(body(created).get("nextFireAt").asString()).isNotBlank();
		try {
			List<Map<String, Object>> fired = Awaitility.await()
				.atMost(Duration.ofSeconds(10))
				.until(() -> jobsOf(id), jobs -> !jobs.isEmpty());
			Map<String, Object> first = fired.get(0);
			Instant fireAt = Instant.parse(((String) first.get("idempotency_key")).substring(("schedule:" + id + ":").length()));
			Instant createdAt = ((java.sql.Timestamp) first.get("created_at")).toInstant();
			assertThat(fireAt.getEpochSecond() % 2).as("an even second, as */2 says").isZero();
			assertThat(Duration.between(fireAt, createdAt)).as("submitted on time")
				.isBetween(Duration.ZERO, Duration.ofMillis(1500));
			assertThat(awaitStatus((UUID) first.get("id"), JobStatus.SUCCEEDED, Duration.ofSeconds(10)).createdBy())
				.isEqualTo("schedule:" + id);
		}
		finally {
			schedules.delete(id);
		}
	}

	@Test
	void twoInstancesSubmitExactlyOneJobPerFiring() throws Exception {
		schedules.create(new Schedules.NewSchedule(id, "RECORD", Map.of("name", "both", "sleepMillis", 0), null, null,
				Duration.ofSeconds(1), MisfirePolicy.RUN_ONCE), "test");
		try (ConfigurableApplicationContext second = new SpringApplicationBuilder(TestApplication.class,
				TestHandlers.class)
			.web(WebApplicationType.NONE)
			.profiles("test")
			.properties("jobs.worker.enabled=false", "jobs.api.enabled=false")
			.run()) {
			Scheduler other = second.getBean(Scheduler.class);
			// Besides both poll loops, four threads per instance fire as fast as they can: every
			// firing is contended.
			ExecutorService threads = Executors.newFixedThreadPool(8);
			long until = System.nanoTime() + Duration.ofSeconds(6).toNanos();
			List<Future<Integer>> claims = new ArrayList<>();
			for (Scheduler instance : List.of(scheduler, other)) {
				for (int i = 0; i < 4; i++) {
					claims.add(threads.submit(() -> {
						int won = 0;
						while (System.nanoTime() < until) {
							won += instance.fireDue();
						}
						return won;
					}));
				}
			}
			for (Future<Integer> claim : claims) {
				claim.get();
			}
			threads.shutdown();
		}
		finally {
			schedules.delete(id);
		}

		List<Map<String, Object>> jobs = jobsOf(id);
		List<Instant> fireTimes = jobs.stream()
			.map(j -> Instant.parse(((String) j.get("idempotency_key")).substring(("schedule:" + id + ":").length())))
			.sorted()
			.toList();
		assertThat(fireTimes).as("firings in 6 s at 1/s").hasSizeGreaterThanOrEqualTo(5);
		assertThat(fireTimes).as("one job per firing").doesNotHaveDuplicates();
		for (int i = 1; i < fireTimes.size(); i++) {
			assertThat(Duration.between(fireTimes.get(i - 1), fireTimes.get(i))).as("no firing lost or added")
				.isEqualTo(Duration.ofSeconds(1));
		}
	}

	@Test
	void missedFiringsRunOnceUnderRunOnce() {
		schedules.create(new Schedules.NewSchedule(id, "RECORD", Map.of("name", "late", "sleepMillis", 0),
				"0 0 * * * *", "UTC", null, MisfirePolicy.RUN_ONCE), "test");
		try {
			downForThreeHours(id);

			Schedule after = awaitMovedOn(id);

			assertThat(jobsOf(id)).as("one job for three missed firings").hasSize(1);
			assertThat(after.lastJobId()).isEqualTo(jobsOf(id).get(0).get("id"));
			assertThat(after.nextFireAt()).isAfter(Instant.now()).isBefore(Instant.now().plus(Duration.ofHours(1)));
		}
		finally {
			schedules.delete(id);
		}
	}

	@Test
	void missedFiringsSubmitNothingUnderSkip() {
		schedules.create(new Schedules.NewSchedule(id, "RECORD", Map.of("name", "late", "sleepMillis", 0),
				"0 0 * * * *", "UTC", null, MisfirePolicy.SKIP), "test");
		try {
			downForThreeHours(id);

			Schedule after = awaitMovedOn(id);

			assertThat(jobsOf(id)).isEmpty();
			assertThat(after.lastError()).contains("SKIP");
			assertThat(after.nextFireAt()).isAfter(Instant.now());
		}
		finally {
			schedules.delete(id);
		}
	}

	@Test
	void firingWhoseJobIsRefusedSubmitsNothingSaysWhyAndMovesOn() {
		schedules.create(new Schedules.NewSchedule(id, "RECORD", Map.of("name", "fine", "sleepMillis", 0),
				"0 0 * * * *", "UTC", null, MisfirePolicy.RUN_ONCE), "test");
		try {
			// The stored payload no longer fits the type (as after a change of the payload record), and
			// the firing is due now.
			jdbc.sql("update {jobs}.job_schedule set payload = '{\"name\": \"\", \"sleepMillis\": 0}'::jsonb, "
					+ "next_fire_at = now() where id = :id").param("id", id).update();

			Schedule after = awaitMovedOn(id);

			assertThat(jobsOf(id)).isEmpty();
			assertThat(after.lastJobId()).isNull();
			assertThat(after.lastError()).contains("submitted nothing").contains("name");
			assertThat(after.nextFireAt()).as("the next firing, not the refused one again").isAfter(Instant.now());
		}
		finally {
			schedules.delete(id);
		}
	}

	@Test
	void messageDeliveryTypeCannotBeScheduled() {
		assertRefused("""
				{"id": "%s", "type": "MESSAGE_PROBE", "payload": {"key": "k"}, "fixedRate": "PT1H"}""", "type");
		assertThat(schedules.list()).extracting(Schedule::id).doesNotContain(id);
	}

	@Test
	void storedScheduleWhoseTypeBecameAMessageTypeIsSkippedAndOtherSchedulesStillFire() {
		String other = id + "-other";
		schedules.create(new Schedules.NewSchedule(id, "RECORD", Map.of("name", "fine", "sleepMillis", 0),
				"0 0 * * * *", "UTC", null, MisfirePolicy.RUN_ONCE), "test");
		schedules.create(new Schedules.NewSchedule(other, "RECORD", Map.of("name", "other", "sleepMillis", 0),
				"0 0 * * * *", "UTC", null, MisfirePolicy.RUN_ONCE), "test");
		try {
			// As if the type had become a message type since the schedule was stored; the refused
			// firing is due first, the other right after it.
			jdbc.sql("update {jobs}.job_schedule set type = 'MESSAGE_PROBE', payload = '{\"key\": \"k\"}'::jsonb, "
					+ "next_fire_at = now() - interval '1 second' where id = :id").param("id", id).update();
			jdbc.sql("update {jobs}.job_schedule set next_fire_at = now() where id = :id").param("id", other).update();

			Schedule refused = awaitMovedOn(id);
			Schedule fired = awaitMovedOn(other);

			assertThat(refused.lastJobId()).isNull();
			assertThat(refused.lastError()).contains("submitted nothing").contains("delivered as messages");
			assertThat(refused.nextFireAt()).isAfter(Instant.now());
			assertThat(fired.lastJobId()).isNotNull();
			assertThat(jobsOf(other)).hasSize(1);
		}
		finally {
			schedules.delete(id);
			schedules.delete(other);
		}
	}

	@Test
	void auditorsReadSchedulesButChangeNone() {
		schedules.create(new Schedules.NewSchedule(id, "RECORD", Map.of("name", "x", "sleepMillis", 0), null, null,
				Duration.ofHours(1), MisfirePolicy.RUN_ONCE), "test");
		try {
			HttpResponse<String> list = send("GET", "/api/schedules", AUDITOR);
			assertThat(list.statusCode()).as(list.body()).isEqualTo(200);
			List<String> ids = new ArrayList<>();
			body(list).forEach(schedule -> ids.add(schedule.get("id").asString()));
			assertThat(ids).contains(id);
			assertThat(send("GET", "/api/schedules/" + id, AUDITOR).statusCode()).isEqualTo(200);

			String body = """
					{"id": "%s-new", "type": "RECORD", "payload": {"name": "x", "sleepMillis": 0}, "fixedRate": "PT1H"}"""
				.formatted(id);
			assertThat(post("/api/schedules", body, AUDITOR).statusCode()).isEqualTo(403);
			assertThat(send("DELETE", "/api/schedules/" + id, AUDITOR).statusCode()).isEqualTo(403);
			assertThat(schedules.list()).extracting(Schedule::id).contains(id).doesNotContain(id + "-new");
		}
		finally {
			schedules.delete(id);
		}
	}

	@Test
	void onlyAdministratorsManageSchedules() {
		String body = """
				{"id": "%s", "type": "RECORD", "payload": {"name": "x", "sleepMillis": 0}, "fixedRate": "PT1H"}"""
			.formatted(id);

		assertThat(post("/api/schedules", body, ALICE).statusCode()).isEqualTo(403);
		assertThat(send("GET", "/api/schedules", ALICE).statusCode()).isEqualTo(403);
		assertThat(send("DELETE", "/api/schedules/test-config-nightly", ALICE).statusCode()).isEqualTo(403);
		assertThat(schedules.list()).extracting(Schedule::id).doesNotContain(id);
	}

	@Test
	void badDefinitionsAreRefusedNamingTheFieldAndStoreNothing() {
		assertRefused("""
				{"id": "%s", "type": "RECORD", "payload": {"name": "x", "sleepMillis": 0}, "cron": "every monday", "zone": "UTC"}""",
				"cron");
		assertRefused("""
				{"id": "%s", "type": "RECORD", "payload": {"name": "x", "sleepMillis": 0}, "cron": "0 0 8 * * MON", "zone": "Mars/Olympus"}""",
				"zone");
		assertRefused("""
				{"id": "%s", "type": "RECORD", "payload": {"name": "", "sleepMillis": 0}, "fixedRate": "PT1H"}""",
				"payload.name");
		assertRefused("""
				{"id": "%s", "type": "NO_SUCH_TYPE", "payload": {}, "fixedRate": "PT1H"}""", "type");
		assertRefused("""
				{"id": "%s", "type": "RECORD", "payload": {"name": "x", "sleepMillis": 0}, "fixedRate": "PT0.1S"}""",
				"fixedRate");
		assertRefused("""
				{"id": "Not An Id %s", "type": "RECORD", "payload": {"name": "x", "sleepMillis": 0}, "fixedRate": "PT1H"}""",
				"id");
		assertThat(schedules.list()).extracting(Schedule::id).doesNotContain(id);
	}

	@Test
	void listShowsEverySchedulesNextFireTimeAndConfiguredOnesCannotBeDeletedOverTheApi() {
		HttpResponse<String> list = send("GET", "/api/schedules", ADMIN);

		assertThat(list.statusCode()).isEqualTo(200);
		JsonNode configured = null;
		for (JsonNode schedule : body(list)) {
			if (schedule.get("id").asString().equals("test-config-nightly")) {
				configured = schedule;
			}
		}
		assertThat(configured).as("the schedule from application-test.yml").isNotNull();
		assertThat(configured.get("source").asString()).isEqualTo("CONFIG");
		Instant next = Instant.parse(configured.get("nextFireAt").asString());
		assertThat(next.atZone(java.time.ZoneId.of("Asia/Shanghai")).getHour()).isEqualTo(3);
		assertThat(next).isAfter(Instant.now()).isBefore(Instant.now().plus(Duration.ofDays(1)));

		HttpResponse<String> refused = send("DELETE", "/api/schedules/test-config-nightly", ADMIN);
		assertThat(refused.statusCode()).isEqualTo(409);
		assertThat(body(refused).get("detail").asString()).contains("jobs.schedules.definitions.test-config-nightly");
		assertThat(send("DELETE", "/api/schedules/no-such-schedule", ADMIN).statusCode()).isEqualTo(404);
	}

	@Test
	void badScheduleInConfigurationStopsTheStartNamingTheProperty() {
		SpringApplicationBuilder application = new SpringApplicationBuilder(TestApplication.class, TestHandlers.class)
			.web(WebApplicationType.NONE)
			.profiles("test")
			.properties("jobs.worker.enabled=false", "jobs.schedules.enabled=false",
					"jobs.schedules.definitions.nightly-report.type=RECORD",
					"jobs.schedules.definitions.nightly-report.payload.name=x",
					"jobs.schedules.definitions.nightly-report.cron=0 0 25 * * *",
					"jobs.schedules.definitions.nightly-report.zone=UTC");

		assertThatThrownBy(application::run)
			.hasStackTraceContaining("Invalid schedule jobs.schedules.definitions.nightly-report.cron: '0 0 25 * * *'");
		assertThat(schedules.list()).extracting(Schedule::id).doesNotContain("nightly-report");
	}

	private void assertRefused(String template, String field) {
		HttpResponse<String> response = post("/api/schedules", template.formatted(id), ADMIN);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
				type -> assertThat(type).startsWith("application/problem+json"));
		assertThat(body(response).get("errors").get(0).get("field").asString()).isEqualTo(field);
	}

	private void downForThreeHours(String scheduleId) {
		// As if every instance had been down since three hours ago: the firing waited for is long past.
		jdbc.sql("update {jobs}.job_schedule set next_fire_at = date_trunc('hour', now()) - interval '3 hours' where id = :id")
			.param("id", scheduleId)
			.update();
	}

	private Schedule awaitMovedOn(String scheduleId) {
		return Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.until(() -> schedules.find(scheduleId), s -> s.lastFiredAt() != null);
	}

	private List<Map<String, Object>> jobsOf(String scheduleId) {
		return jdbc.sql("select id, idempotency_key, created_at from {jobs}.job where created_by = :by order by created_at")
			.param("by", Schedule.submitter(scheduleId))
			.query()
			.listOfRows();
	}

}
