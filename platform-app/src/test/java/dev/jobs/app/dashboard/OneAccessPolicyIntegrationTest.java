package dev.jobs.app.dashboard;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import dev.jobs.core.JobAdmin;
import dev.jobs.core.JobAdmin.Access;
import dev.jobs.core.JobPermissions;
import dev.jobs.core.JobStatus;
import dev.jobs.core.SubmitOptions;
import dev.jobs.core.operationlog.OperationLogReader;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One access policy, asked by every surface: for an administrator, a reader (auditor), a job's owner and another
 * user, the job API, the dashboard and the operation log (its endpoint and its dashboard page) give the answers
 * that policy gives, and the beans behind them (the API's {@link JobPermissions}, the dashboard's
 * {@link JobAdmin}, the {@link OperationLogReader}) agree with each other.
 */
class OneAccessPolicyIntegrationTest extends DashboardIntegrationTest {

	@Autowired
	JobPermissions permissions;

	@Autowired
	JobAdmin admin;

	@Autowired
	OperationLogReader operationLog;

	/** What each caller is, as the policy answers it. */
	private static final Map<Account, Access> EXPECTED = new LinkedHashMap<>();

	/** Each test account's role (the seed's {@code Role}). */
	private static final Map<Account, String> ROLES = Map.of(Account.ADMIN, "SUPER_ADMIN", Account.AUDITOR, "AUDITOR",
			Account.USER, "USER", Account.OTHER_USER, "USER");

	static {
		EXPECTED.put(Account.ADMIN, Access.ACT);
		EXPECTED.put(Account.AUDITOR, Access.READ);
		EXPECTED.put(Account.USER, Access.NONE);
		EXPECTED.put(Account.OTHER_USER, Access.NONE);
	}

	@Test
	void theApiTheDashboardAndTheOperationLogAskTheSamePolicy() {
		EXPECTED.forEach((account, access) -> {
			String role = ROLES.get(account);
			assertThat(permissions.policy().access(role::equals)).as("API policy for " + account).isEqualTo(access);
			assertThat(admin.access(new JobAdmin.Actor(account.username(), role::equals)))
				.as("dashboard (JobAdmin) for " + account)
				.isEqualTo(access);
		});
		for (Account account : EXPECTED.keySet()) {
			boolean readsLog = operationLog.mayRead(ROLES.get(account)::equals);
			assertThat(get("/api/operation-logs", account).statusCode()).as("GET /api/operation-logs as " + account)
				.isEqualTo(readsLog ? 200 : 403);
			assertThat(get("/dashboard/operation-log", account).statusCode())
				.as("the dashboard's operation log page as " + account)
				.isEqualTo(readsLog ? 200 : 403);
		}
		assertThat(operationLog.mayRead("SUPER_ADMIN"::equals)).isTrue();
		assertThat(operationLog.mayRead("AUDITOR"::equals)).isTrue();
		assertThat(operationLog.mayRead("USER"::equals)).isFalse();
	}

	@Test
	void administratorsActReadersReadOwnersKeepTheirOwnAndOthersSeeNothing() {
		UUID id = jobs.submit("SLEEP", Map.of("millis", 0, "failTimes", 1),
				SubmitOptions.defaults()
					.withIdempotencyKey("one-policy-" + UUID.randomUUID())
					.withCreatedBy(Account.USER.username()))
			.id();
		awaitStatus(id, Set.of(JobStatus.FAILED), JOB_TIMEOUT);
		created.add(id);

		// Seeing the job: the API answers everyone who sees it; someone else's job is one that does not exist.
		assertThat(get("/api/jobs/" + id, Account.ADMIN).statusCode()).isEqualTo(200);
		assertThat(get("/api/jobs/" + id, Account.AUDITOR).statusCode()).isEqualTo(200);
		assertThat(get("/api/jobs/" + id, Account.USER).statusCode()).as("its owner").isEqualTo(200);
		assertThat(get("/api/jobs/" + id, Account.OTHER_USER).statusCode()).isEqualTo(404);
		// Every submitter's jobs in lists: administrators and readers.
		String list = "/api/jobs?createdBy=" + Account.USER.username() + "&type=SLEEP&status=FAILED&size=200";
		assertThat(body(get(list, Account.ADMIN)).get("total").asLong()).isPositive();
		assertThat(body(get(list, Account.AUDITOR)).get("total").asLong()).isPositive();
		assertThat(body(get(list, Account.USER)).get("total").asLong()).isPositive();
		assertThat(body(get(list, Account.OTHER_USER)).get("total").asLong()).isZero();
		// The dashboard: for those who see every job (this app opens it to administrators and auditors).
		assertThat(get("/dashboard/jobs/" + id, Account.ADMIN).statusCode()).isEqualTo(200);
		assertThat(get("/dashboard/jobs/" + id, Account.AUDITOR).statusCode()).isEqualTo(200);
		assertThat(get("/dashboard/jobs/" + id, Account.USER).statusCode()).isEqualTo(403);
		assertThat(get("/dashboard/jobs/" + id, Account.OTHER_USER).statusCode()).isEqualTo(403);

		// Changing it: administrators and its owner may (a failed job cannot be cancelled: 409, asked and refused
		// by the state machine), readers may not (403), others do not see it (404).
		assertProblem(post("/api/jobs/" + id + "/cancel", null, Account.ADMIN), 409, "illegal-transition");
		assertProblem(post("/api/jobs/" + id + "/cancel", null, Account.USER), 409, "illegal-transition");
		assertProblem(post("/api/jobs/" + id + "/cancel", null, Account.AUDITOR), 403, "read-only-role");
		assertProblem(post("/api/jobs/" + id + "/cancel", null, Account.OTHER_USER), 404, "job-not-found");
		assertThat(jobs.find(id).orElseThrow().status()).isEqualTo(JobStatus.FAILED);
	}

}
