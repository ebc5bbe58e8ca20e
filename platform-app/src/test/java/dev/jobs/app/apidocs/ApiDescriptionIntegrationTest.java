package dev.jobs.app.apidocs;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.jobs.app.IntegrationTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAPI description of the platform with every module, as a client sees it at
 * {@code /v3/api-docs}, written to {@code target/api-docs/openapi.json}: scripts/check-api-description.sh
 * lints it with Spectral ({@code spectral:oas}, no warning allowed). What Spectral cannot know is
 * checked here: Spring's error controller is not part of the API.
 */
class ApiDescriptionIntegrationTest extends IntegrationTest {

	static final Path WRITTEN_TO = Path.of("target", "api-docs", "openapi.json");

	@Test
	void descriptionIsWrittenForTheLinterAndLeavesSpringsErrorControllerOut() throws IOException {
		HttpResponse<byte[]> docs = get("/v3/api-docs", Account.ADMIN);
		assertThat(docs.statusCode()).isEqualTo(200);

		Files.createDirectories(WRITTEN_TO.getParent());
		Files.write(WRITTEN_TO, docs.body());

		assertThat(body(docs).get("paths").has("/error")).isFalse();
		assertThat(body(docs).get("paths").has("/api/jobs")).isTrue();
	}

}
