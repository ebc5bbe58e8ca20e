package dev.jobs.app.security;

import java.net.CookieManager;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;

import dev.jobs.app.IntegrationTest;
import dev.jobs.core.JobStatus;
import dev.jobs.core.delivery.Workers;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Who gets in and what each role may do: 401 without credentials, 403 by role, 404 for someone
 * else's job on every endpoint, admins see all, API tokens, CSRF for browser sessions, the per-user
 * limit on exports, security headers, and the README's quick start.
 */
class SecurityIntegrationTest extends IntegrationTest {

	private static final String EXPORT = "{\"type\": \"EMPLOYEE_EXPORT\", \"payload\": {\"format\": \"CSV\"}}";

	@Autowired
	Workers workers;

	@Test
	void quickStartNoopJobSubmittedByTheAdminSucceedsAndTheApiIsDocumented() {
		HttpResponse<byte[]> submitted = post("/api/jobs", "{\"type\": \"NOOP\"}", Account.ADMIN);
		assertThat(submitted.statusCode()).isEqualTo(202);
		UUID id = UUID.fromString(body(submitted).get("id").asString());
		awaitStatus(id, Set.of(JobStatus.SUCCEEDED), JOB_TIMEOUT);

		JsonNode api = body(get("/v3/api-docs", Account.USER));
		assertThat(api.get("paths").has("/api/jobs")).isTrue();
		assertThat(api.get("paths").has("/api/jobs/{id}/result")).isTrue();
		assertThat(get("/swagger-ui/index.html", Account.USER).statusCode()).isEqualTo(200);
		assertThat(body(send(HttpRequest.newBuilder(
				java.net.URI.create("http://127.0.0.1:" + managementPort + "/actuator/health")).GET()))
			.get("status")
			.asString()).isEqualTo("UP");
	}

	@Test
	void apiDocsNeedSignInUnlessConfiguredPublic() {
		HttpResponse<byte[]> docs = send(HttpRequest.newBuilder(url("/v3/api-docs")).GET());
		HttpResponse<byte[]> ui = send(HttpRequest.newBuilder(url("/swagger-ui/index.html")).header("Accept", "text/html").GET());

		assertProblem(docs, 401, "unauthorized");
		assertThat(new String(docs.body())).doesNotContain("/api/jobs");
		assertThat(ui.statusCode()).as("the browser is sent to the login form").isEqualTo(302);
		assertThat(ui.headers().firstValue("Location").orElse("")).endsWith("/login");
	}

	@Test
	void withoutCredentialsTheApiAnswers401AsAProblem() {
		HttpResponse<byte[]> anonymous = post("/api/jobs", "{\"type\": \"NOOP\"}", null);
		HttpResponse<byte[]> wrongPassword = send(HttpRequest.newBuilder(url("/api/jobs"))
			.header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString("test-admin:nope".getBytes()))
			.GET());
		HttpResponse<byte[]> badToken = send(
				HttpRequest.newBuilder(url("/api/jobs")).header("Authorization", "Bearer jobs_not-a-token").GET());

		assertProblem(anonymous, 401, "unauthorized");
		assertThat(anonymous.headers().firstValue("WWW-Authenticate")).isPresent();
		assertProblem(wrongPassword, 401, "unauthorized");
		assertProblem(badToken, 401, "invalid-token");
	}

	@Test
	void roleThatMayNotSubmitATypeGets403AndNothingIsCreated() {
		long before = jdbc.sql("select count(*) from {jobs}.job").query(Long.class).single();

		assertProblem(post("/api/jobs", EXPORT, Account.USER), 403, "forbidden");
		assertProblem(post("/api/jobs", "{\"type\": \"NOOP\"}", Account.USER), 403, "forbidden");
		assertProblem(post("/api/jobs", "{\"type\": \"USER_EXPORT\", \"payload\": {\"format\": \"CSV\"}}",
				Account.MANAGER), 403, "forbidden");
		assertProblem(post("/api/employ/export/async", null, Account.USER), 403, "forbidden");

		assertThat(jdbc.sql("select count(*) from {jobs}.job").query(Long.class).single()).isEqualTo(before);
		UUID id = UUID.fromString(body(post("/api/jobs", EXPORT, Account.MANAGER)).get("id").asString());
		awaitStatus(id, Set.of(JobStatus.SUCCEEDED), JOB_TIMEOUT);
	}

	@Test
	void retryRechecksTheSubmitRolesOfTheJobsTypeForTheCallerToday() {
		workers.stopConsuming("EMPLOYEE_EXPORT");
		UUID id;
		String name = "rerole-" + UUID.randomUUID().toString().substring(0, 8);
		users.create(name, "Re-roled", null, Role.MANAGER, "rerole-password-1");
		String basic = "Basic " + java.util.Base64.getEncoder().encodeToString((name + ":rerole-password-1").getBytes());
		try {
			id = UUID.fromString(body(submitAs(basic)).get("id").asString());
			assertThat(postAs(basic, "/api/jobs/" + id + "/cancel").statusCode()).isEqualTo(200);
			jdbc.sql("update app_user set role = 'USER' where username = :name").param("name", name).update();

			HttpResponse<byte[]> refused = postAs(basic, "/api/jobs/" + id + "/retry");

			assertProblem(refused, 403, "forbidden");
			assertThat(body(refused).get("detail").asString()).contains("EMPLOYEE_EXPORT");
			assertThat(jobs.find(id).orElseThrow().status()).isEqualTo(JobStatus.CANCELLED);
			jdbc.sql("update app_user set role = 'MANAGER' where username = :name").param("name", name).update();
			assertThat(postAs(basic, "/api/jobs/" + id + "/retry").statusCode()).isEqualTo(200);
		}
		finally {
			workers.startConsuming("EMPLOYEE_EXPORT");
		}
		awaitStatus(id, Set.of(JobStatus.SUCCEEDED), JOB_TIMEOUT);
	}

	@Test
	void someoneElsesJobIs404EverywhereAndAdminsSeeAll() {
		UUID id = UUID.fromString(body(post("/api/jobs", EXPORT, Account.MANAGER)).get("id").asString());
		awaitStatus(id, Set.of(JobStatus.SUCCEEDED), JOB_TIMEOUT);

		for (String path : new String[] { "/api/jobs/" + id, "/api/jobs/" + id + "/attempts",
				"/api/jobs/" + id + "/result", "/api/export-tasks/" + id, "/api/export-tasks/" + id + "/download" }) {
			assertThat(get(path, Account.USER).statusCode()).as(path).isEqualTo(404);
			assertThat(get(path, Account.MANAGER).statusCode()).as(path).isEqualTo(200);
			assertThat(get(path, Account.ADMIN).statusCode()).as(path).isEqualTo(200);
		}
		assertThat(post("/api/jobs/" + id + "/cancel", null, Account.USER).statusCode()).isEqualTo(404);
		assertThat(post("/api/jobs/" + id + "/retry", null, Account.USER).statusCode()).isEqualTo(404);
		assertThat(body(get("/api/jobs?size=200", Account.USER)).get("items").findValuesAsString("createdBy"))
			.doesNotContain("test-manager");
		assertThat(body(get("/api/jobs?createdBy=test-manager&size=200", Account.ADMIN)).get("items")
			.findValuesAsString("id")).contains(id.toString());
	}

	@Test
	void jobOwnerSeesTheErrorMessageOfAnAttemptButOnlyAdministratorsAndAuditorsSeeItsStackTrace() {
		UUID id = UUID.fromString(body(post("/api/jobs", EXPORT, Account.MANAGER)).get("id").asString());
		awaitStatus(id, Set.of(JobStatus.SUCCEEDED), JOB_TIMEOUT);
		// The attempt as a failure would have left it: the message and the trace with the platform's insides.
		jdbc.sql("update {jobs}.job_attempt set error = 'Department not found', stack_trace = :trace where job_id = :id")
			.param("trace", "java.lang.IllegalStateException: Department not found\n\tat dev.jobs.internal.Secret.run")
			.param("id", id)
			.update();

		JsonNode owner = body(get("/api/jobs/" + id + "/attempts", Account.MANAGER)).get(0);
		JsonNode admin = body(get("/api/jobs/" + id + "/attempts", Account.ADMIN)).get(0);
		JsonNode auditor = body(get("/api/jobs/" + id + "/attempts", Account.AUDITOR)).get(0);

		assertThat(owner.get("error").asString()).isEqualTo("Department not found");
		assertThat(owner.toString()).doesNotContain("dev.jobs.internal").doesNotContain("\\tat ");
		assertThat(admin.get("stackTrace").asString()).contains("dev.jobs.internal.Secret");
		assertThat(auditor.get("stackTrace").asString()).contains("dev.jobs.internal.Secret");
	}

	@Test
	void deadLetterActionsAndUserManagementAreForSuperAdmins() {
		assertThat(post("/api/job-types/NOOP/dead-letters/redrive", null, Account.MANAGER).statusCode())
			.isEqualTo(403);
		assertThat(post("/api/job-types/NOOP/dead-letters/redrive", null, Account.ADMIN).statusCode()).isEqualTo(200);
		assertThat(get("/api/users", Account.MANAGER).statusCode()).isEqualTo(403);

		String name = "new-" + UUID.randomUUID().toString().substring(0, 8);
		HttpResponse<byte[]> created = post("/api/users", "{\"username\": \"" + name + "\", \"displayName\": \"New\", "
				+ "\"role\": \"USER\", \"password\": \"a-long-password-1\"}", Account.ADMIN);
		assertThat(created.statusCode()).isEqualTo(201);
		assertThat(body(created).has("passwordHash")).isFalse();
		HttpResponse<byte[]> signedIn = send(HttpRequest.newBuilder(url("/api/jobs"))
			.header("Authorization",
					"Basic " + java.util.Base64.getEncoder().encodeToString((name + ":a-long-password-1").getBytes()))
			.GET());
		assertThat(signedIn.statusCode()).isEqualTo(200);
	}

	@Test
	void apiTokenSignsAProgramInUntilItIsRevoked() {
		JsonNode token = body(post("/api/tokens", "{\"name\": \"ci\"}", Account.USER));
		String bearer = "Bearer " + token.get("token").asString();

		HttpResponse<byte[]> withToken = send(HttpRequest.newBuilder(url("/api/jobs")).header("Authorization", bearer).GET());
		assertThat(withToken.statusCode()).isEqualTo(200);
		assertThat(body(get("/api/tokens", Account.USER)).toString()).doesNotContain(token.get("token").asString());

		HttpResponse<byte[]> revoked = send(HttpRequest.newBuilder(url("/api/tokens/" + token.get("id").asLong()))
			.header("Authorization", Account.USER.basic())
			.DELETE());
		assertThat(revoked.statusCode()).isEqualTo(204);
		assertThat(send(HttpRequest.newBuilder(url("/api/jobs")).header("Authorization", bearer).GET()).statusCode())
			.isEqualTo(401);
	}

	@Test
	void tokenLastUseIsRecordedAtMostOncePerMinuteSoRequestsDoNotWriteItsRow() {
		JsonNode token = body(post("/api/tokens", "{\"name\": \"busy\"}", Account.USER));
		long id = token.get("id").asLong();
		String bearer = "Bearer " + token.get("token").asString();
		HttpRequest.Builder read = HttpRequest.newBuilder(url("/api/jobs")).header("Authorization", bearer).GET();

		assertThat(send(read).statusCode()).isEqualTo(200);
		java.time.OffsetDateTime first = lastUsed(id);
		assertThat(first).as("the first use is recorded").isNotNull();
		for (int i = 0; i < 5; i++) {
			assertThat(send(read).statusCode()).isEqualTo(200);
		}
		assertThat(lastUsed(id)).as("uses within the minute write nothing").isEqualTo(first);

		// A minute later the next use is recorded again.
		jdbc.sql("update api_token set last_used_at = last_used_at - interval '61 seconds' where id = :id")
			.param("id", id).update();
		java.time.OffsetDateTime aged = lastUsed(id);
		assertThat(send(read).statusCode()).isEqualTo(200);
		assertThat(lastUsed(id)).isAfter(aged);
	}

	private java.time.OffsetDateTime lastUsed(long tokenId) {
		return jdbc.sql("select last_used_at from api_token where id = :id").param("id", tokenId)
			.query(java.time.OffsetDateTime.class).single();
	}

	@Test
	void apiTokenCannotCreateMoreTokens() {
		String bearer = "Bearer " + body(post("/api/tokens", "{\"name\": \"parent\"}", Account.USER)).get("token")
			.asString();

		HttpResponse<byte[]> minted = send(HttpRequest.newBuilder(url("/api/tokens"))
			.header("Authorization", bearer)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"offspring\"}")));

		assertThat(assertProblem(minted, 403, "not-allowed-with-token").get("detail").asString()).contains("password");
		assertThat(body(get("/api/tokens", Account.USER)).findValuesAsString("name")).doesNotContain("offspring");
		assertThat(send(HttpRequest.newBuilder(url("/api/tokens")).header("Authorization", bearer).GET()).statusCode())
			.isEqualTo(200);
	}

	@Test
	void apiTokenWithAnExpiryStopsWorkingOnceItHasExpired() {
		String expiresAt = java.time.Instant.now().plus(java.time.Duration.ofHours(1)).toString();
		JsonNode token = body(post("/api/tokens", "{\"name\": \"short-lived\", \"expiresAt\": \"" + expiresAt + "\"}",
				Account.USER));
		String bearer = "Bearer " + token.get("token").asString();
		assertThat(token.get("expiresAt").asString()).isNotBlank();
		assertThat(send(HttpRequest.newBuilder(url("/api/jobs")).header("Authorization", bearer).GET()).statusCode())
			.isEqualTo(200);

		jdbc.sql("update api_token set expires_at = now() - interval '1 second' where id = :id")
			.param("id", token.get("id").asLong())
			.update();

		assertProblem(send(HttpRequest.newBuilder(url("/api/jobs")).header("Authorization", bearer).GET()), 401,
				"invalid-token");
		assertThat(body(get("/api/tokens", Account.USER)).findValuesAsString("name")).doesNotContain("short-lived");
		JsonNode past = assertProblem(post("/api/tokens", "{\"name\": \"x\", \"expiresAt\": \"2020-01-01T00:00:00Z\"}",
				Account.USER), 400, "invalid-request");
		assertThat(past.get("errors").findValuesAsString("field")).containsExactly("expiresAt");
	}

	@Test
	void signedInSessionFollowsItsUserAsStoredNowRoleChangeAndDisabling() throws Exception {
		String name = "session-" + UUID.randomUUID().toString().substring(0, 8);
		users.create(name, "Session", null, Role.SUPER_ADMIN, "session-password-1");
		HttpClient browser = signedInBrowser(name, "session-password-1");
		assertThat(browser.send(HttpRequest.newBuilder(url("/api/users")).GET().build(),
				HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);

		jdbc.sql("update app_user set role = 'USER' where username = :name").param("name", name).update();
		HttpResponse<String> reRoled = browser.send(HttpRequest.newBuilder(url("/api/users")).GET().build(),
				HttpResponse.BodyHandlers.ofString());
		HttpResponse<String> ownJobs = browser.send(HttpRequest.newBuilder(url("/api/jobs")).GET().build(),
				HttpResponse.BodyHandlers.ofString());
		jdbc.sql("update app_user set status = 'DISABLED' where username = :name").param("name", name).update();
		HttpResponse<String> disabled = browser.send(HttpRequest.newBuilder(url("/api/jobs")).GET().build(),
				HttpResponse.BodyHandlers.ofString());

		assertThat(reRoled.statusCode()).isEqualTo(403);
		assertThat(ownJobs.statusCode()).isEqualTo(200);
		assertThat(disabled.statusCode()).isEqualTo(401);
		assertThat(disabled.body()).contains("\"detail\"");
	}

	@Test
	void disabledOrDemotedUsersSessionKeepsNoRightsWhateverAuthorizationHeaderComesAlong() throws Exception {
		String demoted = "demoted-" + UUID.randomUUID().toString().substring(0, 8);
		String disabled = "disabled-" + UUID.randomUUID().toString().substring(0, 8);
		users.create(demoted, "Demoted", null, Role.SUPER_ADMIN, "session-password-1");
		users.create(disabled, "Disabled", null, Role.SUPER_ADMIN, "session-password-1");
		HttpClient demotedBrowser = signedInBrowser(demoted, "session-password-1");
		HttpClient disabledBrowser = signedInBrowser(disabled, "session-password-1");
		jdbc.sql("update app_user set role = 'USER' where username = :name").param("name", demoted).update();
		jdbc.sql("update app_user set status = 'DISABLED' where username = :name").param("name", disabled).update();

		for (String authorization : new String[] { "x", "Digest username=\"x\"", "Negotiate abc", "Basic",
				"Basic_" + Account.USER.basic().substring(6), "Bearer" }) {
			for (HttpClient browser : new HttpClient[] { demotedBrowser, disabledBrowser }) {
				HttpResponse<String> users = browser.send(HttpRequest.newBuilder(url("/api/users"))
					.header("Authorization", authorization)
					.GET()
					.build(), HttpResponse.BodyHandlers.ofString());

				assertThat(users.statusCode()).as(authorization + ": " + users.body()).isEqualTo(401);
				assertThat(users.body()).as(authorization).contains("unsupported-authorization");
			}
		}
		assertThat(demotedBrowser.send(HttpRequest.newBuilder(url("/api/users")).GET().build(),
				HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(403);
		assertThat(disabledBrowser.send(HttpRequest.newBuilder(url("/api/users")).GET().build(),
				HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
	}

	@Test
	void basicHeaderNamingTheSessionsUserIsCheckedWithItsPasswordNotWithTheSession() throws Exception {
		HttpClient browser = signedInBrowser(Account.ADMIN);
		String wrongPassword = "Basic " + java.util.Base64.getEncoder()
			.encodeToString((Account.ADMIN.username() + ":not-the-password").getBytes(StandardCharsets.UTF_8));

		HttpResponse<String> guessed = browser.send(HttpRequest.newBuilder(url("/api/users"))
			.header("Authorization", wrongPassword)
			.GET()
			.build(), HttpResponse.BodyHandlers.ofString());
		HttpResponse<String> otherUser = browser.send(HttpRequest.newBuilder(url("/api/users"))
			.header("Authorization", Account.USER.basic())
			.GET()
			.build(), HttpResponse.BodyHandlers.ofString());
		HttpResponse<String> sessionAlone = browser.send(HttpRequest.newBuilder(url("/api/users")).GET().build(),
				HttpResponse.BodyHandlers.ofString());

		assertThat(guessed.statusCode()).as(guessed.body()).isEqualTo(401);
		assertThat(otherUser.statusCode()).as("the header's user, not the session's").isEqualTo(403);
		assertThat(sessionAlone.statusCode()).as("the session itself is untouched").isEqualTo(200);
	}

	@Autowired
	org.springframework.boot.web.server.context.WebServerApplicationContext webServer;

	@Test
	void requestSignedInByBasicOrTokenNeitherUsesNorExtendsTheSessionItCarries() throws Exception {
		CookieManager cookies = new CookieManager();
		HttpClient browser = signedInBrowser(Account.USER, cookies);
		String sessionId = cookies.getCookieStore().getCookies().stream()
			.filter(c -> "JSESSIONID".equals(c.getName())).findFirst().orElseThrow().getValue();
		String bearer = "Bearer " + body(post("/api/tokens", "{\"name\": \"with-cookie\"}", Account.USER)).get("token")
			.asString();
		// The container records an access when it has finished with a request, after answering it: the last
		// access is read once it has stood still for 200 ms.
		java.util.concurrent.atomic.AtomicLong seen = new java.util.concurrent.atomic.AtomicLong(-1);
		await("the session's last access settled").during(Duration.ofMillis(200))
			.atMost(Duration.ofSeconds(5))
			.until(() -> {
				long now = session(sessionId).getLastAccessedTime();
				return seen.getAndSet(now) == now;
			});
		long lastAccess = session(sessionId).getLastAccessedTime();
		// a later access would show a later time
		await("the clock past the last access").atMost(Duration.ofSeconds(1))
			.until(() -> System.currentTimeMillis() > lastAccess);

		for (String authorization : new String[] { Account.USER.basic(), bearer }) {
			assertThat(browser.send(HttpRequest.newBuilder(url("/api/jobs")).header("Authorization", authorization)
				.GET().build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
		}

		await().during(Duration.ofMillis(200))
			.atMost(Duration.ofSeconds(1))
			.untilAsserted(() -> assertThat(session(sessionId).getLastAccessedTime()).as("the session was not touched")
				.isEqualTo(lastAccess));
		assertThat(browser.send(HttpRequest.newBuilder(url("/api/jobs")).GET().build(),
				HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(session(sessionId).getLastAccessedTime()).as("using it does")
				.isGreaterThan(lastAccess));
	}

	private org.apache.catalina.Session session(String id) throws java.io.IOException {
		org.apache.catalina.startup.Tomcat tomcat = ((org.springframework.boot.tomcat.TomcatWebServer) webServer
			.getWebServer()).getTomcat();
		org.apache.catalina.Context context = (org.apache.catalina.Context) tomcat.getHost().findChildren()[0];
		return context.getManager().findSession(id);
	}

	@Test
	void administratorsTokenCannotMakeUsersOrSchedulesThatWouldOutliveItsRevocation() throws Exception {
		String bearer = "Bearer " + body(post("/api/tokens", "{\"name\": \"stolen\"}", Account.ADMIN)).get("token")
			.asString();
		String name = "minted-" + UUID.randomUUID().toString().substring(0, 8);
		String schedule = "minted-" + UUID.randomUUID().toString().substring(0, 8);

		HttpResponse<byte[]> user = send(HttpRequest.newBuilder(url("/api/users"))
			.header("Authorization", bearer)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"username\": \"" + name + "\", \"displayName\": \"Minted\", "
					+ "\"role\": \"SUPER_ADMIN\", \"password\": \"a-long-password-1\"}")));
		HttpResponse<byte[]> scheduled = send(HttpRequest.newBuilder(url("/api/schedules"))
			.header("Authorization", bearer)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("""
					{"id": "%s", "type": "NOOP", "cron": "0 0 8 * * MON", "zone": "UTC", "misfire": "SKIP"}"""
				.formatted(schedule))));
		HttpResponse<byte[]> deleteSchedule = send(HttpRequest.newBuilder(url("/api/schedules/" + schedule))
			.header("Authorization", bearer)
			.DELETE());
		HttpResponse<byte[]> revokeByToken = send(HttpRequest.newBuilder(url("/api/tokens/1"))
			.header("Authorization", bearer)
			.DELETE());

		assertProblem(user, 403, "not-allowed-with-token");
		assertProblem(scheduled, 403, "not-allowed-with-token");
		assertProblem(deleteSchedule, 403, "not-allowed-with-token");
		assertProblem(revokeByToken, 403, "not-allowed-with-token");
		assertThat(users.find(name)).isEmpty();
		assertThat(jdbc.sql("select count(*) from {jobs}.job_schedule where id = :id").param("id", schedule)
			.query(Long.class).single()).isZero();
		assertThat(send(HttpRequest.newBuilder(url("/api/users")).header("Authorization", bearer).GET()).statusCode())
			.as("reading stays open").isEqualTo(200);
		HttpResponse<byte[]> export = send(HttpRequest.newBuilder(url("/api/users/export/async"))
			.header("Authorization", bearer)
			.POST(HttpRequest.BodyPublishers.noBody()));
		assertThat(export.statusCode()).as("the export alias submits a job").isEqualTo(202);
		awaitStatus(UUID.fromString(body(export).get("taskId").asString()), Set.of(JobStatus.SUCCEEDED), JOB_TIMEOUT);
	}

	@Test
	void tokenCannotActOnTheDashboardEvenWithASessionAndItsCsrfToken() throws Exception {
		String bearer = "Bearer " + body(post("/api/tokens", "{\"name\": \"dashboard\"}", Account.ADMIN)).get("token")
			.asString();
		HttpClient browser = HttpClient.newBuilder()
			.cookieHandler(new CookieManager())
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();
		String csrf = csrf(browser);

		HttpResponse<String> action = browser.send(HttpRequest.newBuilder(url("/dashboard/jobs/" + UUID.randomUUID()
				+ "/cancel"))
			.header("Authorization", bearer)
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString("_csrf=" + csrf))
			.build(), HttpResponse.BodyHandlers.ofString());

		assertThat(action.statusCode()).as(action.body()).isEqualTo(403);
		assertThat(action.body()).contains("not-allowed-with-token");
	}

	@Test
	void browserSessionNeedsItsCsrfTokenForStateChangingRequests() throws Exception {
		HttpClient browser = HttpClient.newBuilder()
			.cookieHandler(new CookieManager())
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();
		String form = "username=test-user&password=" + URLEncoder.encode(Account.USER.password(), StandardCharsets.UTF_8)
				+ "&_csrf=" + csrf(browser);
		HttpResponse<String> login = browser.send(HttpRequest.newBuilder(url("/login"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(form))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(login.statusCode()).isEqualTo(302);
		assertThat(login.headers().firstValue("Location").orElse("")).doesNotContain("error");

		HttpResponse<String> forged = browser.send(HttpRequest.newBuilder(url("/api/tokens"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"forged\"}"))
			.build(), HttpResponse.BodyHandlers.ofString());
		HttpResponse<String> genuine = browser.send(HttpRequest.newBuilder(url("/api/tokens"))
			.header("Content-Type", "application/json")
			.header("X-CSRF-TOKEN", csrf(browser))
			.POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"from the browser\"}"))
			.build(), HttpResponse.BodyHandlers.ofString());
		HttpResponse<String> read = browser.send(HttpRequest.newBuilder(url("/api/tokens")).GET().build(),
				HttpResponse.BodyHandlers.ofString());

		assertThat(forged.statusCode()).isEqualTo(403);
		assertThat(genuine.statusCode()).isEqualTo(201);
		assertThat(read.statusCode()).isEqualTo(200);
	}

	@Test
	void sessionNeedsItsCsrfTokenWhateverOtherAuthorizationHeaderComesAlong() throws Exception {
		HttpClient browser = signedInBrowser(Account.USER);

		for (String authorization : new String[] { "Foo", "Basic " + Account.USER.basic().substring(6), "Digest x" }) {
			HttpResponse<String> forged = browser.send(HttpRequest.newBuilder(url("/api/tokens"))
				.header("Content-Type", "application/json")
				.header("Authorization", authorization)
				.POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"forged\"}"))
				.build(), HttpResponse.BodyHandlers.ofString());

			assertThat(forged.statusCode()).as(authorization).isEqualTo(403);
			assertThat(forged.body()).as(authorization).contains("CSRF");
		}
		assertThat(body(get("/api/tokens", Account.USER)).findValuesAsString("name")).doesNotContain("forged");
	}

	@Test
	void stateChangingRequestThatABrowserMarksCrossSiteIsRefusedWhateverTheCredentials() {
		String[][] crossSite = { { "Sec-Fetch-Site", "cross-site" }, { "Origin", "https://evil.example" },
				{ "Origin", "null" }, { "Origin", "http://localhost:" + (port + 1) } };
		for (String[] header : crossSite) {
			HttpResponse<byte[]> refused = send(HttpRequest.newBuilder(url("/api/tokens"))
				.header("Authorization", Account.USER.basic())
				.header("Content-Type", "application/json")
				.header(header[0], header[1])
				.POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"cross-site\"}")));

			assertProblem(refused, 403, "cross-site-request");
		}
		HttpResponse<byte[]> read = send(HttpRequest.newBuilder(url("/api/tokens"))
			.header("Authorization", Account.USER.basic())
			.header("Sec-Fetch-Site", "cross-site")
			.GET());
		HttpResponse<byte[]> sameOrigin = send(HttpRequest.newBuilder(url("/api/tokens"))
			.header("Authorization", Account.USER.basic())
			.header("Content-Type", "application/json")
			.header("Sec-Fetch-Site", "same-origin")
			.header("Origin", "http://localhost:" + port)
			.POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"same-origin\"}")));

		assertThat(read.statusCode()).isEqualTo(200);
		assertThat(body(read).findValuesAsString("name")).doesNotContain("cross-site");
		assertThat(sameOrigin.statusCode()).as(new String(sameOrigin.body())).isEqualTo(201);
	}

	@Test
	void oneUserCannotFillTheExportQueue() {
		workers.stopConsuming("EMPLOYEE_EXPORT");
		try {
			String name = "limited-" + UUID.randomUUID().toString().substring(0, 8);
			String password = "limited-password-1";
			users.create(name, "Limited", null, Role.MANAGER, password);
			String basic = "Basic " + java.util.Base64.getEncoder().encodeToString((name + ":" + password).getBytes());
			for (int i = 0; i < 3; i++) {
				assertThat(submitAs(basic).statusCode()).isEqualTo(202);
			}

			HttpResponse<byte[]> fourth = submitAs(basic);

			assertProblem(fourth, 429, "too-many-active-jobs");
			assertThat(fourth.headers().firstValue("Retry-After")).isPresent();
			assertThat(post("/api/jobs", EXPORT, Account.MANAGER).statusCode()).isEqualTo(202);
		}
		finally {
			workers.startConsuming("EMPLOYEE_EXPORT");
		}
	}

	@Test
	void securityHeadersAreSet() {
		HttpResponse<byte[]> page = send(HttpRequest.newBuilder(url("/login")).GET());

		assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
		assertThat(page.headers().firstValue("X-Frame-Options")).hasValue("DENY");
		assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(
				csp -> assertThat(csp).contains("default-src 'self'").contains("frame-ancestors 'none'"));
	}

	private HttpResponse<byte[]> postAs(String authorization, String path) {
		return send(HttpRequest.newBuilder(url(path))
			.header("Authorization", authorization)
			.POST(HttpRequest.BodyPublishers.noBody()));
	}

	private HttpResponse<byte[]> submitAs(String basic) {
		return send(HttpRequest.newBuilder(url("/api/jobs"))
			.header("Authorization", basic)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(EXPORT)));
	}

}
