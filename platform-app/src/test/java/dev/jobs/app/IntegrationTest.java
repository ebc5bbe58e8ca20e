package dev.jobs.app;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import dev.jobs.app.security.AppUsers;
import dev.jobs.app.security.Role;
import dev.jobs.core.JobClient;
import dev.jobs.core.PlatformSchema;
import dev.jobs.test.JobTestKit;
import dev.jobs.core.JobStatus;
import dev.jobs.core.JobView;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.junit.jupiter.api.BeforeEach;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Base of the platform's tests against the real PostgreSQL and RabbitMQ. All of them share one
 * application context (started once, ~15 s), so one set of workers runs every test's jobs; each
 * test waits for its own jobs before it ends, so their data never overlaps.
 */
@SpringBootTest(classes = JobsPlatformApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
public abstract class IntegrationTest {

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	protected static final Duration JOB_TIMEOUT = Duration.ofSeconds(30);

	@LocalServerPort
	protected int port;

	/** The management port: health, metrics and Prometheus, never on the application port. */
	@Value("${local.management.port}")
	protected int managementPort;

	@Autowired
	protected JobClient jobs;

	/** The test kit (job-platform-test): submit, await, attempts, results, follow-ups. */
	@Autowired
	protected JobTestKit kit;

	@Autowired
	protected JsonMapper json;

	/** On the application's connections; names the platform's tables {@code {jobs}.job}, as the platform does. */
	protected JdbcClient jdbc;

	@Autowired
	void setDataSource(DataSource dataSource, PlatformSchema schema) {
		this.jdbc = schema.jdbcClient(dataSource);
	}

	/** Test accounts, one per role, plus a second plain user; created once per database. */
	protected enum Account {

		ADMIN("test-admin", Role.SUPER_ADMIN), MANAGER("test-manager", Role.MANAGER), USER("test-user", Role.USER),
		OTHER_USER("test-user-2", Role.USER), AUDITOR("test-auditor", Role.AUDITOR),
		/** The {@code admin} of {@link Fixtures#users}, for tests that replace all users. */
		FIXTURE_ADMIN("admin", Role.SUPER_ADMIN, "secret");

		final String username;

		final Role role;

		private final String password;

		Account(String username, Role role) {
			this(username, role, "password-of-" + username);
		}

		Account(String username, Role role, String password) {
			this.username = username;
			this.role = role;
			this.password = password;
		}

		public String username() {
			return username;
		}

		public String password() {
			return password;
		}

		public String basic() {
			return "Basic " + Base64.getEncoder()
				.encodeToString((username + ":" + password()).getBytes(StandardCharsets.UTF_8));
		}

	}

	@Autowired
	protected AppUsers users;

	/** Notification mail goes to GreenMail in this JVM; every test class shares it, so the context is one. */
	@DynamicPropertySource
	static void mailServer(DynamicPropertyRegistry registry) {
		registry.add("spring.mail.host", () -> "127.0.0.1");
		registry.add("spring.mail.port", TestMailServer::port);
	}

	/** Some tests replace every user; put the test accounts back (a no-op when they exist). */
	@BeforeEach
	void createAccounts() {
		for (Account account : Account.values()) {
			if (account != Account.FIXTURE_ADMIN && users.find(account.username).isEmpty()) {
				users.create(account.username, account.name(), null, account.role, account.password());
			}
		}
	}

	/** Whom {@link #get(String)} and {@link #post(String)} act as. */
	protected Account defaultAccount() {
		return Account.ADMIN;
	}

	/** Submits a job, waits until it succeeded and returns it. */
	protected JobView runToSuccess(String type, Map<String, ?> payload) {
		UUID id = jobs.submit(type, payload).id();
		return awaitStatus(id, Set.of(JobStatus.SUCCEEDED), JOB_TIMEOUT);
	}

	/** Waits for one of the statuses; a job that ends otherwise fails the test with its attempts. */
	protected JobView awaitStatus(UUID id, Set<JobStatus> expected, Duration timeout) {
		return kit.awaitStatus(id, expected, timeout);
	}

	/** GET as the test admin. */
	protected HttpResponse<byte[]> get(String path) {
		return get(path, defaultAccount());
	}

	protected HttpResponse<byte[]> get(String path, Account account) {
		return send(HttpRequest.newBuilder(uri(path))
			.timeout(Duration.ofSeconds(30))
			.header("Authorization", account.basic())
			.GET()
			.build());
	}

	/** POST without a body, as the test admin. */
	protected HttpResponse<byte[]> post(String path) {
		return post(path, null, defaultAccount());
	}

	/** POST a JSON body ({@code null}: none) as an account ({@code null}: without credentials). */
	protected HttpResponse<byte[]> post(String path, String jsonBody, Account account) {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10));
		if (account != null) {
			request.header("Authorization", account.basic());
		}
		if (jsonBody != null) {
			request.header("Content-Type", "application/json");
		}
		return send(request.POST((jsonBody != null) ? HttpRequest.BodyPublishers.ofString(jsonBody)
				: HttpRequest.BodyPublishers.noBody()).build());
	}

	protected HttpResponse<byte[]> send(HttpRequest.Builder request) {
		return send(request.timeout(Duration.ofSeconds(30)).build());
	}

	protected URI url(String path) {
		return uri(path);
	}

	/** A browser (cookies kept, redirects not followed) signed in through the login form. */
	protected HttpClient signedInBrowser(Account account) throws Exception {
		return signedInBrowser(account.username(), account.password(), new CookieManager());
	}

	protected HttpClient signedInBrowser(Account account, CookieManager cookies) throws Exception {
		return signedInBrowser(account.username(), account.password(), cookies);
	}

	protected HttpClient signedInBrowser(String username, String password) throws Exception {
		return signedInBrowser(username, password, new CookieManager());
	}

	/** As {@link #signedInBrowser(Account)}, for any user, keeping its cookies in {@code cookies}. */
	protected HttpClient signedInBrowser(String username, String password, CookieManager cookies) throws Exception {
		HttpClient browser = HttpClient.newBuilder()
			.cookieHandler(cookies)
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();
		String form = "username=" + username + "&password=" + URLEncoder.encode(password, StandardCharsets.UTF_8)
				+ "&_csrf=" + csrf(browser);
		HttpResponse<String> login = browser.send(HttpRequest.newBuilder(url("/login"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(form))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(login.statusCode()).isEqualTo(302);
		assertThat(login.headers().firstValue("Location").orElse("")).doesNotContain("error");
		return browser;
	}

	/** The login page's CSRF token for {@code browser}'s session, URL-encoded for a form. */
	protected String csrf(HttpClient browser) throws Exception {
		String page = browser.send(HttpRequest.newBuilder(url("/login")).GET().build(), HttpResponse.BodyHandlers.ofString())
			.body();
		Matcher m = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"").matcher(page);
		if (!m.find()) {
			m = Pattern.compile("value=\"([^\"]+)\"[^>]*name=\"_csrf\"").matcher(page);
			assertThat(m.find()).as("a CSRF token on the login page").isTrue();
		}
		return URLEncoder.encode(m.group(1), StandardCharsets.UTF_8);
	}

	protected JsonNode body(HttpResponse<byte[]> response) {
		return json.readTree(response.body());
	}

	/** Asserts an RFC 9457 problem of the given status and type, and returns it. */
	protected JsonNode assertProblem(HttpResponse<byte[]> response, int status, String type) {
		assertThat(response.statusCode()).as(new String(response.body())).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
		JsonNode problem = body(response);
		assertThat(problem.get("type").asString()).endsWith("/" + type);
		assertThat(problem.get("detail").asString()).isNotBlank();
		return problem;
	}

	private URI uri(String path) {
		return URI.create("http://localhost:" + port + path);
	}

	private static HttpResponse<byte[]> send(HttpRequest request) {
		try {
			return HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
		}
		catch (Exception ex) {
			throw new IllegalStateException("HTTP " + request.method() + " " + request.uri() + " failed", ex);
		}
	}

}
