package dev.jobs.app.jobs;

import java.sql.Timestamp;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import dev.jobs.app.FailureGroupRows;
import dev.jobs.app.IntegrationTest;
import dev.jobs.core.JobStatus;
import tools.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code /api/failure-groups} as deployed: administrators and auditors read the groups, only administrators retry a
 * group, every refusal is a problem naming the reason, and each retry is in the operation log with who, which group
 * and how many.
 */
class FailureGroupApiIntegrationTest extends IntegrationTest {

	private final java.util.List<UUID> created = new java.util.ArrayList<>();

	@AfterEach
	void removeJobs() {
		for (UUID id : created) {
			awaitStatus(id, Set.of(JobStatus.SUCCEEDED, JobStatus.FAILED, JobStatus.CANCELLED), JOB_TIMEOUT);
		}
		jdbc.sql("delete from {jobs}.job where id = any(cast(:ids as uuid[]))")
			.param("ids", created.stream().map(UUID::toString).collect(Collectors.joining(",", "{", "}")))
			.update();
	}

	private FailureGroupRows.Group group(int jobs) {
		FailureGroupRows.Group group = FailureGroupRows.failed(jdbc, jobs);
		created.addAll(group.ids());
		return group;
	}

	@Test
	void auditorsReadTheGroupsWithCountsAndASampleStackTrace() {
		FailureGroupRows.Group group = group(3);

		JsonNode list = body(get("/api/failure-groups?since=PT1H&type=SLEEP&limit=200", Account.AUDITOR));
		JsonNode listed = null;
		for (JsonNode g : list) {
			if (g.get("fingerprint").asString().equals(group.fingerprint())) {
				listed = g;
			}
		}
		assertThat(listed).as("the group is listed").isNotNull();
		assertThat(listed.get("count").asLong()).isEqualTo(3);
		assertThat(listed.get("types").get(0).asString()).isEqualTo("SLEEP");
		assertThat(listed.get("firstSeen").isNull()).isFalse();
		assertThat(listed.get("lastSeen").isNull()).isFalse();

		JsonNode detail = body(get("/api/failure-groups/" + group.fingerprint(), Account.AUDITOR));
		assertThat(detail.get("group").get("message").asString()).isEqualTo(group.message());
		assertThat(group.ids()).contains(UUID.fromString(detail.get("group").get("sampleJobId").asString()));
		assertThat(detail.get("sampleStackTrace").asString()).contains("at com.example.billing.Invoices.charge(");
	}

	@Test
	void anAdministratorRetriesAGroupAndTheRetryIsRecordedWithWhoWhatAndHowMany() {
		Timestamp start = jdbc.sql("select now()").query(Timestamp.class).single();
		FailureGroupRows.Group group = group(2);

		var retried = post("/api/failure-groups/" + group.fingerprint() + "/retry", null, Account.ADMIN);
		assertThat(retried.statusCode()).as(new String(retried.body())).isEqualTo(200);
		assertThat(body(retried).get("changed").asInt()).isEqualTo(2);
		for (UUID id : group.ids()) {
			awaitStatus(id, Set.of(JobStatus.SUCCEEDED), JOB_TIMEOUT);
		}
		assertProblem(get("/api/failure-groups/" + group.fingerprint(), Account.ADMIN), 404, "failure-group-not-found");

		Map<String, Object> entry = await().atMost(Duration.ofSeconds(20))
			.until(() -> jdbc.sql("select * from {jobs}.operation_log where action = 'FAILURE_GROUP_RETRY' "
					+ "and target = ? and occurred_at >= ?")
				.params(group.fingerprint(), start)
				.query()
				.listOfRows(), rows -> !rows.isEmpty())
			.get(0);
		assertThat(entry.get("username")).isEqualTo(Account.ADMIN.username());
		assertThat(entry.get("outcome")).isEqualTo("SUCCESS");
		assertThat(String.valueOf(entry.get("message"))).contains("retried 2 of 2 failed job(s)");
	}

	@Test
	void onlyAdministratorsActAndBadInputIsAProblemNamingTheField() {
		FailureGroupRows.Group group = group(1);
		String retry = "/api/failure-groups/" + group.fingerprint() + "/retry";

		assertProblem(post(retry, null, Account.AUDITOR), 403, "read-only-role");
		assertProblem(post("/api/failure-groups/" + group.fingerprint() + "/cancel", null, Account.AUDITOR), 403,
				"read-only-role");
		for (Account account : List.of(Account.USER, Account.MANAGER)) {
			assertProblem(post(retry, null, account), 403, "forbidden");
			assertProblem(get("/api/failure-groups", account), 403, "forbidden");
		}
		assertThat(jobs.find(group.ids().get(0)).orElseThrow().status()).isEqualTo(JobStatus.FAILED);

		assertProblem(get("/api/failure-groups/0123456789abcdef0123", Account.ADMIN), 404, "failure-group-not-found");
		assertProblem(post("/api/failure-groups/0123456789abcdef0123/retry", null, Account.ADMIN), 404,
				"failure-group-not-found");
		assertThat(assertProblem(get("/api/failure-groups/not-a-fingerprint", Account.ADMIN), 400, "invalid-request")
			.toString()).contains("fingerprint");
		assertThat(assertProblem(get("/api/failure-groups?since=yesterday", Account.ADMIN), 400, "invalid-request")
			.toString()).contains("since");
		assertThat(assertProblem(get("/api/failure-groups?limit=0", Account.ADMIN), 400, "invalid-request").toString())
			.contains("limit");
	}

}
