package com.example.invoices;

import dev.jobs.test.JobPlatformTestProperties;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ContextConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No Spring Security on the classpath. By default nothing of the job API answers a caller without a
 * principal; {@code jobs.api.allow-anonymous=true} opens it for a local trial.
 */
class RestApiWithoutSecurityTest {

	@Nested
	@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
			properties = { Http.SMALL_POOL, Http.SMALL_ENGINE_POOL,
				"jobs.results.directory=target/test-results/jobs-results" })
	@ContextConfiguration(initializers = JobPlatformTestProperties.class)
	class ByDefault {

		@LocalServerPort
		int port;

		@Test
		void nothingOfTheApiAnswersAnonymously() {
			Http http = new Http(port);

			assertThat(http.get("/api/job-types").statusCode()).isEqualTo(401);
			assertThat(http.get("/api/job-types").body()).doesNotContain("com.example.invoices")
				.contains("jobs.api.allow-anonymous");
			assertThat(http.get("/api/jobs").statusCode()).isEqualTo(401);
			assertThat(http.postJson("/api/jobs", Http.INVOICE).statusCode()).isEqualTo(401);
		}

	}

	@Nested
	@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
			properties = { "jobs.api.allow-anonymous=true", Http.SMALL_POOL, Http.SMALL_ENGINE_POOL,
					"jobs.results.directory=target/test-results/jobs-results" })
	@ContextConfiguration(initializers = JobPlatformTestProperties.class)
	class WithAllowAnonymous {

		@LocalServerPort
		int port;

		@Test
		void invoiceTotalSubmittedOverRestSucceeds() {
			Http http = new Http(port);

			var job = http.awaitSucceeded(http.postJson("/api/jobs", Http.INVOICE));

			assertThat(job.path("result").path("totalCents").asLong()).isEqualTo(2_250L);
			assertThat(job.path("createdBy").asString()).isEqualTo("anonymous");
			assertThat(http.get("/api/job-types").body()).contains("INVOICE_TOTAL");
		}

	}

}
