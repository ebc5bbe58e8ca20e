package dev.jobs.app.dashboard;

import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import dev.jobs.core.JobStatus;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who may do what in the dashboard, over plain HTTP, on every POST it has: only a super admin with
 * a session and its CSRF token changes anything; an auditor (even with a valid token), users,
 * managers, a request without the token and an anonymous one change nothing. The auditor's
 * read-only rule holds on the REST API too.
 */
class DashboardSecurityIntegrationTest extends DashboardIntegrationTest {

	/** Every dashboard action, as path and form fields, aimed at one failed job. */
	private static Map<String, Map<String, String>> actions(UUID id, String key) {
		Map<String, Map<String, String>> actions = new LinkedHashMap<>();
		actions.put("/dashboard/jobs/" + id + "/retry", Map.of());
		actions.put("/dashboard/jobs/" + id + "/cancel", Map.of());
		actions.put("/dashboard/jobs/" + id + "/delete", Map.of());
		actions.put("/dashboard/jobs/bulk", Map.of("op", "retry-selected", "ids", id.toString()));
		actions.put("/dashboard/jobs/bulk#matching", Map.of("op", "delete-matching", "q", key));
		actions.put("/dashboard/dead-letters/SLEEP/redrive", Map.of());
		actions.put("/dashboard/dead-letters/SLEEP/jobs/" + id + "/redrive", Map.of());
		// Refused before any lookup: the job's id stands for a batch's.
		actions.put("/dashboard/batches/" + id + "/cancel", Map.of());
		actions.put("/dashboard/batches/" + id + "/retry-failed", Map.of());
		return actions;
	}

	private static String path(String action) {
		int hash = action.indexOf('#');
		return (hash < 0) ? action : action.substring(0, hash);
	}

	private static Map<String, String> with(Map<String, String> form, String token) {
		Map<String, String> withToken = new LinkedHashMap<>(form);
		withToken.put("_csrf", token);
		return withToken;
	}

	@Test
	void auditorsUsersAndManagersAreRefusedEveryActionEvenWithAValidCsrfToken() {
		String key = "dash-sec-" + UUID.randomUUID();
		UUID id = failedJob(key);
		FormSession auditor = new FormSession(port).signIn(Account.AUDITOR.username(), Account.AUDITOR.password());
		String auditorToken = auditor.csrfFrom("/dashboard/jobs/" + id);
		for (Account account : List.of(Account.USER, Account.MANAGER)) {
			FormSession session = new FormSession(port).signIn(account.username(), account.password());
			String token = FormSession.csrf(session.get("/login").body());
			assertThat(session.get("/dashboard").statusCode()).as(account + " GET /dashboard").isEqualTo(403);
			assertThat(session.get("/dashboard/jobs/" + id).statusCode()).isEqualTo(403);
			actions(id, key).forEach((action, form) -> assertThat(session.post(path(action), with(form, token)).statusCode())
				.as(account + " POST " + action)
				.isEqualTo(403));
		}
		actions(id, key).forEach((action, form) -> {
			HttpResponse<String> response = auditor.post(path(action), with(form, auditorToken));
			assertThat(response.statusCode()).as("auditor POST " + action).isEqualTo(403);
			assertThat(response.body()).contains("read-only-role");
		});
		assertThat(jobs.find(id).orElseThrow().status()).isEqualTo(JobStatus.FAILED);
		assertThat(jobs.find(id).orElseThrow().attempt()).isEqualTo(1);
	}

	@Test
	void anAdministratorsActionNeedsTheCsrfTokenWhateverTheCredentials() {
		String key = "dash-csrf-" + UUID.randomUUID();
		UUID id = failedJob(key);
		FormSession admin = new FormSession(port).signIn(Account.ADMIN.username(), Account.ADMIN.password());
		actions(id, key).forEach((action, form) -> {
			assertThat(admin.post(path(action), form).statusCode()).as("session without token: " + action).isEqualTo(403);
			// HTTP Basic, no session: a browser attaches cached Basic credentials by itself, so the token is needed too.
			assertThat(send(java.net.http.HttpRequest.newBuilder(url(path(action)))
				.header("Authorization", Account.ADMIN.basic())
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(java.net.http.HttpRequest.BodyPublishers.ofString(""))).statusCode())
				.as("Basic without token: " + action)
				.isEqualTo(403);
			HttpResponse<String> anonymous = new FormSession(port).post(path(action), form);
			assertThat(anonymous.statusCode()).as("anonymous: " + action).isIn(302, 401, 403);
			if (anonymous.statusCode() == 302) {
				assertThat(anonymous.headers().firstValue("Location").orElseThrow()).endsWith("/login");
			}
		});
		assertThat(jobs.find(id).orElseThrow().status()).isEqualTo(JobStatus.FAILED);

		String token = admin.csrfFrom("/dashboard/jobs/" + id);
		HttpResponse<String> retried = admin.post("/dashboard/jobs/" + id + "/retry", Map.of("_csrf", token));

		assertThat(retried.statusCode()).isEqualTo(302);
		assertThat(retried.headers().firstValue("Location").orElseThrow()).endsWith("/dashboard/jobs/" + id);
		awaitStatus(id, Set.of(JobStatus.SUCCEEDED), JOB_TIMEOUT);
	}

	@Test
	void bulkFormsRefuseMalformedInputWithoutTouchingAnything() {
		FormSession admin = new FormSession(port).signIn(Account.ADMIN.username(), Account.ADMIN.password());
		String token = admin.csrfFrom("/dashboard/jobs");

		assertThat(admin.post("/dashboard/jobs/bulk", Map.of("op", "explode-selected", "_csrf", token)).statusCode())
			.isEqualTo(400);
		assertThat(admin.post("/dashboard/jobs/bulk", Map.of("op", "cancel-selected", "_csrf", token)).statusCode())
			.isEqualTo(400);
		assertThat(admin.post("/dashboard/jobs/bulk", Map.of("op", "cancel-selected", "ids", "not-a-uuid", "_csrf", token))
			.statusCode()).isEqualTo(400);
		// A filter that does not parse would widen a bulk action: refused, not dropped.
		assertThat(admin.post("/dashboard/jobs/bulk", Map.of("op", "cancel-matching", "status", "BOGUS", "_csrf", token))
			.statusCode()).isEqualTo(400);
		assertThat(admin.post("/dashboard/jobs/bulk", Map.of("op", "cancel-matching", "from", "yesterday", "_csrf", token))
			.statusCode()).isEqualTo(400);
	}

	@Test
	void auditorReadsEveryJobOverRestButChangesNothing() {
		UUID id = failedJob("dash-rest-" + UUID.randomUUID());

		assertThat(get("/api/jobs/" + id, Account.AUDITOR).statusCode()).isEqualTo(200);
		assertThat(get("/api/jobs/" + id + "/attempts", Account.AUDITOR).statusCode()).isEqualTo(200);
		assertThat(body(get("/api/jobs?createdBy=system&type=SLEEP&status=FAILED&size=200", Account.AUDITOR))
			.get("total").asLong()).isPositive();
		assertThat(get("/api/jobs/" + id, Account.USER).statusCode()).isEqualTo(404);

		assertProblem(post("/api/jobs/" + id + "/retry", null, Account.AUDITOR), 403, "read-only-role");
		assertProblem(post("/api/jobs/" + id + "/cancel", null, Account.AUDITOR), 403, "read-only-role");
		assertProblem(post("/api/jobs", "{\"type\":\"NOOP\",\"payload\":{}}", Account.AUDITOR), 403, "read-only-role");
		assertProblem(post("/api/job-types/SLEEP/dead-letters/redrive", null, Account.AUDITOR), 403, "read-only-role");
		assertThat(jobs.find(id).orElseThrow().status()).isEqualTo(JobStatus.FAILED);
	}

	@Test
	void aSuperAdminCreatesAnAuditorWhoSeesTheDashboardAndCannotMakeTokens() {
		String name = "auditor-" + UUID.randomUUID().toString().substring(0, 8);
		String password = "auditor-long-password";
		HttpResponse<byte[]> created = post("/api/users", """
				{"username": "%s", "displayName": "Auditor", "role": "AUDITOR", "password": "%s"}
				""".formatted(name, password), Account.ADMIN);
		assertThat(created.statusCode()).as(new String(created.body())).isEqualTo(201);
		assertThat(body(created).get("role").asString()).isEqualTo("AUDITOR");

		FormSession auditor = new FormSession(port).signIn(name, password);

		assertThat(auditor.get("/dashboard").statusCode()).isEqualTo(200);
		assertThat(auditor.get("/dashboard/types").body()).contains("SLEEP").doesNotContain("name=\"op\"");
		String token = auditor.csrfFrom("/dashboard");
		HttpResponse<String> tokenRequest = auditor.post("/api/tokens", java.util.Map.of("_csrf", token));
		assertThat(tokenRequest.statusCode()).isEqualTo(403);
		assertThat(tokenRequest.body()).contains("read-only-role");
	}

	@Test
	void theDashboardIsNotPartOfTheApiDocumentation() {
		var paths = body(get("/v3/api-docs", Account.ADMIN)).get("paths");

		assertThat(paths.has("/api/jobs")).isTrue();
		assertThat(paths.propertyNames()).noneMatch(path -> path.startsWith("/dashboard"));
	}

}
