package dev.jobs.app.security;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The compose secrets ({@code .env}) never reach a Docker build context, nor so any image layer. */
class DockerBuildContextTest {

	@Test
	void envFileWithTheComposeSecretsIsLeftOutOfTheDockerBuildContext() throws IOException {
		Path root = Path.of("..").toAbsolutePath().normalize();
		List<String> ignored = Files.readAllLines(root.resolve(".dockerignore")).stream().map(String::strip).toList();

		assertThat(ignored).contains(".env", "**/.env");
		assertThat(ignored).doesNotContain("!.env");
	}

}
