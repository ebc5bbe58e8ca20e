package dev.jobs.core.instance;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import dev.jobs.core.IntegrationTest;
import dev.jobs.core.PlatformInstances;
import dev.jobs.core.PlatformInstances.PlatformInstance;
import dev.jobs.core.PlatformInstances.State;
import dev.jobs.core.delivery.Workers;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class InstanceIntegrationTest extends IntegrationTest {

	private static final String[] ADMIN = { "X-Test-User", "root", "X-Test-Roles", "SUPER_ADMIN" };

	private static final String[] AUDITOR = { "X-Test-User", "audit", "X-Test-Roles", "AUDITOR" };

	private static final String[] USER = { "X-Test-User", "alice", "X-Test-Roles", "USER" };

	@Autowired
	PlatformInstances instances;

	@Autowired
	InstanceHeartbeat heartbeat;

	@Autowired
	Workers workers;

	@Autowired
	MeterRegistry meters;

	private final String otherId = "other-" + UUID.randomUUID();

	@AfterEach
	void forgetOthers() {
		jdbc.sql("delete from {jobs}.job_instance where id like 'other-%'").update();
		heartbeat.start();
	}

	@Test
	void thisInstanceIsListedLiveWithItsConsumersPerType() {
		heartbeat.beat();

		PlatformInstance self = instances.all()
			.stream()
			.filter(i -> i.id().equals(workers.workerId()))
			.findFirst()
			.orElseThrow();
		assertThat(self.state()).isEqualTo(State.LIVE);
		assertThat(self.pid()).isEqualTo(ProcessHandle.current().pid());
		// application-test.yml: SLEEP runs 4 consumers here, BATCHED one.
		assertThat(self.consumers()).containsEntry("SLEEP", 4).containsEntry("BATCHED", 1);
		assertThat(instances.self()).isEqualTo(workers.workerId());
	}

	@Test
	void anAttemptRunningHereIsCountedUnderItsType() {
		UUID id = jobs.submit("SLEEP", Map.of("millis", 3000)).id();
		awaitRunning(id);

		heartbeat.beat();

		PlatformInstance self = instances.all().stream().filter(i -> i.id().equals(instances.self())).findFirst()
			.orElseThrow();
		assertThat(self.running()).containsEntry("SLEEP", 1);
		assertThat(self.runningTotal()).isGreaterThanOrEqualTo(1);
	}

	@Test
	void anInstanceWithoutARecentHeartbeatIsShownGoneAndOneForgottenAfterTheRetentionIsRemoved() {
		insertOther(otherId, Duration.ofMinutes(5), false);
		String ancient = "other-ancient-" + UUID.randomUUID();
		insertOther(ancient, Duration.ofDays(2), false);

		heartbeat.beat();

		assertThat(stateOf(otherId)).isEqualTo(State.GONE);
		assertThat(instances.all()).noneMatch(i -> i.id().equals(ancient));
		// Live ones are listed first.
		assertThat(instances.all().get(0).state()).isEqualTo(State.LIVE);
	}

	@Test
	void anotherInstancesFreshHeartbeatShowsItLiveAndCountsItForTheTypesItConsumes() {
		insertOther(otherId, Duration.ZERO, false);

		heartbeat.beat();

		assertThat(stateOf(otherId)).isEqualTo(State.LIVE);
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			assertThat(meters.get("jobs.instances.consuming").tag("type", "NOOP").gauge().value())
				.isGreaterThanOrEqualTo(2);
			assertThat(meters.get("jobs.instances.live").gauge().value()).isGreaterThanOrEqualTo(2);
		});
	}

	@Test
	void aCleanStopIsRecordedAsStoppedWithNoConsumersLeft() {
		heartbeat.stop();

		PlatformInstance self = instances.all().stream().filter(i -> i.id().equals(instances.self())).findFirst()
			.orElseThrow();
		assertThat(self.state()).isEqualTo(State.STOPPED);
		assertThat(self.consumers()).isEmpty();

		heartbeat.start();
		await().atMost(Duration.ofSeconds(10)).until(() -> stateOf(instances.self()) == State.LIVE);
	}

	@Test
	void theApiListsInstancesToAdministratorsAndReadersOnly() {
		heartbeat.beat();

		HttpResponse<String> asAdmin = send("GET", "/api/instances", ADMIN);
		assertThat(asAdmin.statusCode()).isEqualTo(200);
		JsonNode self = null;
		for (JsonNode node : body(asAdmin)) {
			if (node.get("self").asBoolean()) {
				self = node;
			}
		}
		assertThat(self).as("this instance in %s", asAdmin.body()).isNotNull();
		assertThat(self.get("id").asString()).isEqualTo(instances.self());
		assertThat(self.get("state").asString()).isEqualTo("LIVE");
		assertThat(self.get("consumers").get("SLEEP").asInt()).isEqualTo(4);

		assertThat(send("GET", "/api/instances", AUDITOR).statusCode()).isEqualTo(200);

		HttpResponse<String> asUser = send("GET", "/api/instances", USER);
		assertThat(asUser.statusCode()).isEqualTo(403);
		assertThat(asUser.headers().firstValue("Content-Type")).hasValueSatisfying(
				type -> assertThat(type).startsWith("application/problem+json"));
		assertThat(body(asUser).get("detail").asString()).contains("administrators and readers");
	}

	private State stateOf(String id) {
		return instances.all().stream().filter(i -> i.id().equals(id)).findFirst().map(PlatformInstance::state)
			.orElse(null);
	}

	private void awaitRunning(UUID id) {
		await().atMost(Duration.ofSeconds(20)).until(() -> workers.runningByType().getOrDefault("SLEEP", 0) > 0
				&& jobs.find(id).map(j -> j.status().name().equals("RUNNING")).orElse(false));
	}

	private void insertOther(String id, Duration heartbeatAge, boolean stopped) {
		new InstanceRows(jdbc).write(new InstanceRows.Beat(id, "elsewhere", 4242, "test", Instant.now(),
				Map.of("NOOP", 2), Map.of(), stopped));
		jdbc.sql("update {jobs}.job_instance set last_heartbeat = now() - make_interval(secs => :s) where id = :id")
			.param("s", heartbeatAge.toSeconds())
			.param("id", id)
			.update();
	}

}
