package dev.jobs.app.security;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import dev.jobs.app.IntegrationTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Oversized bodies are refused with 413 on every path and whatever their type, before anything reads them. */
class RequestSizeLimitIntegrationTest extends IntegrationTest {

	private static final String FORM = "username=test-user&password=" + "x".repeat(300_000);

	@Test
	void oversizedFormOrJsonBodyIs413OnEveryPath() {
		String[][] requests = { { "POST", "/login", "application/x-www-form-urlencoded" },
				{ "PUT", "/api/jobs", "application/x-www-form-urlencoded" },
				{ "PATCH", "/api/tokens/1", "application/x-www-form-urlencoded" },
				{ "POST", "/nowhere", "application/json" }, { "POST", "/actuator/health", "application/json" } };
		for (String[] request : requests) {
			HttpResponse<byte[]> response = send(HttpRequest.newBuilder(url(request[1]))
				.header("Authorization", Account.USER.basic())
				.header("Content-Type", request[2])
				.method(request[0], HttpRequest.BodyPublishers.ofString(FORM)));

			assertThat(assertProblem(response, 413, "payload-too-large").get("detail").asString()).as(request[1])
				.contains("jobs.api.max-request-size");
		}
	}

}
