package dev.jobs.core.autoconfigure;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

class TypeDefaultsEnvironmentPostProcessorTest {

	@Test
	void shippedDefaultsApplyWhenTheApplicationSaysNothing() {
		StandardEnvironment environment = new StandardEnvironment();

		new TypeDefaultsEnvironmentPostProcessor().postProcessEnvironment(environment, new SpringApplication());

		assertThat(environment.getProperty("jobs.types.NOOP.submit-roles")).isEqualTo("@admins");
		assertThat(TypeDefaultsEnvironmentPostProcessor.typesOnlyDefaulted(environment)).contains("NOOP", "SLEEP");
	}

	@Test
	void theApplicationsConfigurationWinsOverShippedDefaults() {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.addFirst(new MapPropertySource("application", Map.of("jobs.types.NOOP.submit-roles", "OPERATOR")));

		new TypeDefaultsEnvironmentPostProcessor().postProcessEnvironment(environment, new SpringApplication());

		assertThat(environment.getProperty("jobs.types.NOOP.submit-roles")).isEqualTo("OPERATOR");
		assertThat(TypeDefaultsEnvironmentPostProcessor.typesOnlyDefaulted(environment))
			.as("configured by the application: warned about if no handler registers it")
			.doesNotContain("NOOP")
			.contains("SLEEP");
	}

}
