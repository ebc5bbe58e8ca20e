package dev.jobs.app;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the README's quick start promises a new user: the platform starts against the local
 * PostgreSQL and RabbitMQ, a NOOP job submitted with curl succeeds, and the API is documented.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class PlatformSmokeIntegrationTest {

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	@LocalServerPort
	int port;

	@Autowired
	JsonMapper json;

	@Test
	void noopJobSubmittedOverHttpSucceeds() throws Exception {
		HttpResponse<String> submitted = send(HttpRequest.newBuilder(uri("/api/jobs"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"type\": \"NOOP\"}")));
		assertThat(submitted.statusCode()).isEqualTo(202);
		String location = submitted.headers().firstValue("Location").orElseThrow();

		String status = null;
		long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
		while (System.nanoTime() < deadline && !"SUCCEEDED".equals(status)) {
			status = json.readTree(send(HttpRequest.newBuilder(uri(location)).GET()).body()).get("status").asString();
			Thread.sleep(100);
		}
		assertThat(status).isEqualTo("SUCCEEDED");
	}

	@Test
	void openApiDocumentsTheJobEndpointsAndSwaggerUiIsServed() throws Exception {
		JsonNode api = json.readTree(send(HttpRequest.newBuilder(uri("/v3/api-docs")).GET()).body());

		assertThat(api.get("paths").has("/api/jobs")).isTrue();
		assertThat(api.get("paths").has("/api/jobs/{id}/cancel")).isTrue();
		assertThat(api.get("paths").has("/api/job-types")).isTrue();
		assertThat(send(HttpRequest.newBuilder(uri("/swagger-ui/index.html")).GET()).statusCode()).isEqualTo(200);
	}

	@Test
	void healthIsUpWithDatabaseAndBroker() throws Exception {
		HttpResponse<String> health = send(HttpRequest.newBuilder(uri("/actuator/health")).GET());

		assertThat(health.statusCode()).isEqualTo(200);
		assertThat(json.readTree(health.body()).get("status").asString()).isEqualTo("UP");
	}

	private URI uri(String path) {
		return URI.create("http://localhost:" + port + path);
	}

	private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
		return HTTP.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
	}

}
