package dev.jobs.core.web;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.jobs.testapp.TestApplication;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application without any security and without {@code jobs.api.allow-anonymous}: every endpoint
 * of the job API, found from Spring MVC's own mappings so that a new endpoint is covered by itself,
 * answers a caller without a principal with a 401 problem and tells nothing else (no payload classes,
 * no settings, no jobs).
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "jobs.api.allow-anonymous=false", "jobs.worker.enabled=false" })
@ActiveProfiles("test")
class AnonymousCallerIntegrationTest {

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@LocalServerPort
	int port;

	@Autowired
	@Qualifier("requestMappingHandlerMapping")
	RequestMappingHandlerMapping mappings;

	@Test
	void everyEndpointOfTheApiRefusesACallerWithoutAPrincipal() throws Exception {
		List<String[]> endpoints = apiEndpoints();
		assertThat(endpoints).extracting(endpoint -> endpoint[1])
			.contains("/api/jobs", "/api/jobs/{id}", "/api/job-types", "/api/schedules");

		for (String[] endpoint : endpoints) {
			String path = endpoint[1].replaceAll("\\{[^}]+}", UUID.randomUUID().toString());
			HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
				.header("Content-Type", "application/json");
			HttpResponse<String> response = HTTP.send(request
				.method(endpoint[0], "GET".equals(endpoint[0]) || "DELETE".equals(endpoint[0])
						? HttpRequest.BodyPublishers.noBody()
						: HttpRequest.BodyPublishers.ofString("{\"type\": \"NOOP\"}"))
				.build(), HttpResponse.BodyHandlers.ofString());

			assertThat(response.statusCode()).as(endpoint[0] + " " + endpoint[1] + ": " + response.body())
				.isEqualTo(401);
			assertThat(response.body()).as(endpoint[0] + " " + endpoint[1])
				.contains("jobs.api.allow-anonymous")
				.doesNotContain("payloadClass");
		}
	}

	/** Method and path pattern of every handler under /api/. */
	private List<String[]> apiEndpoints() {
		List<String[]> endpoints = new ArrayList<>();
		mappings.getHandlerMethods().forEach((info, method) -> {
			for (String pattern : info.getPatternValues()) {
				if (!pattern.startsWith("/api/")) {
					continue;
				}
				for (RequestMethod verb : info.getMethodsCondition().getMethods()) {
					endpoints.add(new String[] { verb.name(), pattern });
				}
			}
		});
		return endpoints;
	}

}
