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

	@AfterEach
	void forget() {
		jdbc.sql("delete from {jobs}.job_instance where id = :id").param("id", gone).update();
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
