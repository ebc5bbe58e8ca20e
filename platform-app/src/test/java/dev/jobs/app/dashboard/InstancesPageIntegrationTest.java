package dev.jobs.app.dashboard;

import java.net.http.HttpResponse;
import java.util.UUID;

import dev.jobs.app.IntegrationTest;
import dev.jobs.core.PlatformInstances;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The instances page and {@code GET /api/instances} as deployed: this instance live, a silent one gone,
 * administrators and auditors see them, nobody else does.
 */
class InstancesPageIntegrationTest extends IntegrationTest {

	@Autowired
	PlatformInstances instances;

	private final String gone = "gone-" + UUID.randomUUID();

	private final String busy = "busy-" + UUID.randomUUID();

	@AfterEach
	void forget() {
		jdbc.sql("delete from {jobs}.job_instance where id in (:ids)").param("ids", java.util.List.of(gone, busy)).update();
	}

	@Test
	void thePageTotalsTheAttemptsRunningOnLiveInstancesOnly() {
		jdbc.sql("""
				insert into {jobs}.job_instance (id, host, pid, version, started_at, last_heartbeat, running) values
				  (:gone, 'far-away', 99, 'old', now() - interval '2 hours', now() - interval '10 minutes',
				   '{"EMPLOYEE_EXPORT": 5000}'),
				  (:busy, 'next-door', 98, 'new', now() - interval '1 hour', now() + interval '1 hour',
				   '{"EMPLOYEE_EXPORT": 1000}')
				""").param("gone", gone).param("busy", busy).update();

		FormSession admin = new FormSession(port).signIn(Account.ADMIN.username(), Account.ADMIN.password());
		String page = admin.get("/dashboard/instances").body();
		long total = Long.parseLong(page.replaceAll("(?s).*id=\"running-live\">(\\d+)<.*", "$1"));
		assertThat(total).as("the busy live instance's 1000, not the gone one's 5000").isBetween(1000L, 4999L);
	}

	@Test
	void administratorsAndAuditorsSeeThisInstanceLiveAndASilentOneGone() {
		jdbc.sql("""
				insert into {jobs}.job_instance (id, host, pid, version, started_at, last_heartbeat, consumers)
				values (:id, 'far-away', 99, 'old', now() - interval '2 hours', now() - interval '10 minutes',
				        '{"EMPLOYEE_EXPORT": 2}')
				""").param("id", gone).update();

		for (Account account : new Account[] { Account.ADMIN, Account.AUDITOR }) {
			FormSession session = new FormSession(port).signIn(account.username(), account.password());
			HttpResponse<String> page = session.get("/dashboard/instances");
			assertThat(page.statusCode()).as(account.name()).isEqualTo(200);
			assertThat(page.body()).contains(instances.self()).contains("this one").contains(gone);
			assertThat(page.body()).containsPattern("data-state=\"GONE\"[^>]*>\\s*<td class=\"mono\"><span>" + gone);
			assertThat(page.body()).containsPattern("data-state=\"LIVE\"[^>]*>\\s*<td class=\"mono\"><span>"
					+ java.util.regex.Pattern.quote(instances.self()));
		}

		JsonNode list = body(get("/api/instances", Account.AUDITOR));
		JsonNode silent = null;
		for (JsonNode node : list) {
			if (node.get("id").asString().equals(gone)) {
				silent = node;
			}
		}
		assertThat(silent).as(list.toString()).isNotNull();
		assertThat(silent.get("state").asString()).isEqualTo("GONE");
		assertThat(silent.get("consumers").get("EMPLOYEE_EXPORT").asInt()).isEqualTo(2);
		assertThat(list.get(0).get("state").asString()).isEqualTo("LIVE");
	}

	@Test
	void usersAndManagersSeeNoInstances() {
		for (Account account : new Account[] { Account.USER, Account.MANAGER }) {
			assertProblem(get("/api/instances", account), 403, "forbidden");
			FormSession session = new FormSession(port).signIn(account.username(), account.password());
			assertThat(session.get("/dashboard/instances").statusCode()).as(account.name()).isEqualTo(403);
		}
		HttpResponse<byte[]> anonymous = send(java.net.http.HttpRequest.newBuilder(url("/api/instances")).GET());
		assertThat(anonymous.statusCode()).isEqualTo(401);
	}

}
