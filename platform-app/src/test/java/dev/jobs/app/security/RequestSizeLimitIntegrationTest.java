package dev.jobs.app.security;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import dev.jobs.app.IntegrationTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Oversized bodies are refused with 413 on every path and whatever their type, before anything reads them. */
class RequestSizeLimitIntegrationTest extends IntegrationTest {

	private static final String FORM = "username=test-user&password=" + "x".repeat(300_000);

	/**
	 * A chunked body has no Content-Length for the size limit to read; as multipart, Tomcat would
	 * parse (and spool to disk) its parts as soon as the login form's CSRF check asks for a parameter.
	 */
	@Test
	void chunkedMultipartBodyOnTheLoginFormIsRefusedBeforeAnythingParsesItsParts() {
		String part = "--jobs\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n%s\r\n";
		byte[] multipart = (part.formatted("_csrf", "x".repeat(300_000)) + part.formatted("username", "test-admin")
				+ part.formatted("password", "guess") + "--jobs--\r\n").getBytes(StandardCharsets.UTF_8);
		for (String path : new String[] { "/login", "/api/jobs", "/nowhere" }) {
			HttpResponse<byte[]> response = send(HttpRequest.newBuilder(url(path))
				.header("Content-Type", "multipart/form-data; boundary=jobs")
				.POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(multipart))));

			assertProblem(response, 415, "unsupported-media-type");
		}
	}

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
