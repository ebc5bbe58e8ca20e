package com.example.invoices;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.jobs.test.JobPlatformTestProperties;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.test.context.ContextConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spring Security added the usual way, with the recipe of docs/SECURITY-IN-YOUR-APP.md
 * ({@link SecurityConfiguration}): Basic for programs, the login form with its CSRF token for
 * browsers, and nothing for a caller that signs in neither way.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { Http.SMALL_POOL, Http.SMALL_ENGINE_POOL,
				"jobs.results.directory=target/test-results/jobs-results" })
@ContextConfiguration(initializers = JobPlatformTestProperties.class)
class RestApiWithSecurityTest {

	/** Made up for this run: no password of this application is written anywhere. */
	static final String PASSWORD = UUID.randomUUID().toString();

	static final String CLERK = Http.basic("clerk", PASSWORD);

	@LocalServerPort
	int port;

	@Test
	void basicCredentialsSubmitAndPollWithoutACsrfToken() {
		Http http = new Http(port);

		var job = http.awaitSucceeded(http.postJson("/api/jobs", Http.INVOICE, "Authorization", CLERK),
				"Authorization", CLERK);

		assertThat(job.path("result").path("totalCents").asLong()).isEqualTo(2_250L);
		assertThat(job.path("createdBy").asString()).isEqualTo("clerk");
	}

	@Test
	void withoutCredentialsNothingAnswers() {
		Http http = new Http(port);

		assertThat(http.get("/api/job-types").statusCode()).isEqualTo(401);
		assertThat(http.get("/api/jobs").statusCode()).isEqualTo(401);
		// Spring's CSRF check comes before anyone is asked who they are: a change without credentials
		// and without a token stops there.
		assertThat(http.postJson("/api/jobs", Http.INVOICE).statusCode()).isEqualTo(403);
		// A program without a cookie jar (the refusals above left a session cookie in this one).
		assertThat(new Http(port).postJson("/api/jobs", Http.INVOICE, "Authorization", Http.basic("clerk", "wrong"))
			.statusCode()).isEqualTo(401);
	}

	@Test
	void aCrossSiteRequestWithCachedBasicCredentialsNeedsTheCsrfTokenAndIsRefused() {
		Http http = new Http(port);

		HttpResponse<String> forged = http.postJson("/api/jobs", Http.INVOICE, "Authorization", CLERK,
				"Sec-Fetch-Site", "cross-site");

		assertThat(forged.statusCode()).isEqualTo(403);
	}

	@Test
	void aBadRequestStaysA400ProblemUnderSecurity() {
		HttpResponse<String> bad = new Http(port).postJson("/api/jobs", "{\"type\": \"NO_SUCH_TYPE\"}",
				"Authorization", CLERK);

		assertThat(bad.statusCode()).isEqualTo(400);
		assertThat(bad.headers().firstValue("Content-Type")).hasValueSatisfying(
				type -> assertThat(type).startsWith("application/problem+json"));
	}

	@Test
	void aBrowserSignedInWithTheLoginFormSubmitsWithTheCsrfTokenFromItsCookie() {
		Http browser = new Http(port);
		String loginPage = browser.get("/login").body();
		Matcher csrf = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"").matcher(loginPage);
		assertThat(csrf.find()).as(loginPage).isTrue();

		HttpResponse<String> signIn = browser.postForm("/login", "username=clerk&password="
				+ URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8) + "&_csrf="
				+ URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8));
		assertThat(signIn.statusCode()).isEqualTo(302);
		assertThat(signIn.headers().firstValue("Location")).hasValueSatisfying(
				location -> assertThat(location).doesNotContain("error"));

		// The session alone is not enough to change anything: a forged form would carry it too.
		assertThat(browser.postJson("/api/jobs", Http.INVOICE).statusCode()).isEqualTo(403);

		assertThat(browser.get("/api/jobs").statusCode()).isEqualTo(200);
		String token = browser.cookie("XSRF-TOKEN");
		var job = browser.awaitSucceeded(browser.postJson("/api/jobs", Http.INVOICE, "X-XSRF-TOKEN", token));
		assertThat(job.path("createdBy").asString()).isEqualTo("clerk");
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Users {

		@Bean
		InMemoryUserDetailsManager users() {
			return new InMemoryUserDetailsManager(
					User.withUsername("clerk").password("{noop}" + PASSWORD).roles("USER").build(),
					User.withUsername("boss").password("{noop}" + PASSWORD).roles("ADMIN").build());
		}

	}

}
