package dev.jobs.test;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Where {@code @JobPlatformTest} points a test run: the application's own test database and queues, a result
 * directory of the run's own, the environment's variables first. Environment only: no database or broker.
 */
class JobPlatformTestPropertiesTest {

	@Test
	void aNamedApplicationTestsOnItsOwnDatabaseAndQueues() {
		ConfigurableEnvironment environment = initialized(Map.of(), Map.of("spring.application.name", "Invoices"));

		assertThat(environment.getProperty("spring.datasource.url"))
			.isEqualTo("jdbc:postgresql://127.0.0.1:5432/invoices_test");
		assertThat(environment.getProperty("jobs.broker.prefix")).isEqualTo("invoices-test");
	}

	@Test
	void theEnvironmentsVariablesNameTheDatabaseAndTheQueues() {
		ConfigurableEnvironment environment = initialized(
				Map.of("JOBS_TEST_DB_NAME", "jobs_test_ci", "JOBS_DB_HOST", "db"),
				Map.of("spring.application.name", "invoices"));
		assertThat(environment.getProperty("spring.datasource.url")).isEqualTo("jdbc:postgresql://db:5432/jobs_test_ci");
		assertThat(environment.getProperty("jobs.broker.prefix")).as("follows the database")
			.isEqualTo("jobs-test-ci");

		ConfigurableEnvironment withPrefix = initialized(
				Map.of("JOBS_TEST_DB_NAME", "jobs_test_ci", "JOBS_TEST_BROKER_PREFIX", "ci-queues"), Map.of());
		assertThat(withPrefix.getProperty("jobs.broker.prefix")).isEqualTo("ci-queues");
	}

	@Test
	void theTestServicesWinOverTheApplicationsOwnConfiguration() {
		ConfigurableEnvironment environment = initialized(Map.of(),
				Map.of("spring.application.name", "invoices", "spring.datasource.url", "jdbc:postgresql://prod/invoices",
						"jobs.broker.prefix", "invoices", "jobs.results.directory", "/srv/invoices"));

		assertThat(environment.getProperty("spring.datasource.url")).endsWith("/invoices_test");
		assertThat(environment.getProperty("jobs.broker.prefix")).isEqualTo("invoices-test");
		assertThat(environment.getProperty("jobs.results.directory")).isNotEqualTo("/srv/invoices");
	}

	@Test
	void resultFilesGoToADirectoryOfThisTestRun() {
		String first = initialized(Map.of(), Map.of("spring.application.name", "a"))
			.getProperty("jobs.results.directory");
		String second = initialized(Map.of(), Map.of("spring.application.name", "b"))
			.getProperty("jobs.results.directory");

		assertThat(first).isEqualTo(second).as("one per run, not per context");
		Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
		assertThat(Path.of(first)).isDirectory().startsWith(tmp).isNotEqualTo(tmp);
	}

	@Test
	void withoutANameOrADatabaseVariableTheStartSaysWhatToSet() {
		ConfigurableEnvironment environment = initialized(Map.of(), Map.of());

		assertThatIllegalStateException().isThrownBy(() -> environment.getProperty("spring.datasource.url"))
			.withMessageContaining("spring.application.name")
			.withMessageContaining("JOBS_TEST_DB_NAME");
		assertThatIllegalStateException().isThrownBy(() -> environment.getProperty("jobs.broker.prefix"));
		assertThat(environment.getProperty("spring.rabbitmq.host")).as("the rest still resolves")
			.isEqualTo("127.0.0.1");
	}

	@Test
	void aTestThatBringsItsOwnDatasourceAndPrefixNeedsNeither() {
		ConfigurableEnvironment environment = initialized(
				Map.of("SPRING_DATASOURCE_URL", "jdbc:postgresql://container/test", "JOBS_BROKER_PREFIX", "mine"),
				Map.of());

		assertThat(environment.getProperty("spring.datasource.url")).isEqualTo("jdbc:postgresql://container/test");
		assertThat(environment.getProperty("jobs.broker.prefix")).isEqualTo("mine");
	}

	@Test
	void theDatabaseNameOfAnApplicationIsAPlainPostgresName() {
		assertThat(JobPlatformTestProperties.testDatabaseOf("Billing Service-v2")).isEqualTo("billing_service_v2_test");
		assertThat(JobPlatformTestProperties.testDatabaseOf(" ")).isNull();
	}

	/**
	 * An environment as Spring Boot prepares it for a test: environment variables (given here instead of the
	 * machine's), then the application's configuration; then the kit's initializer.
	 */
	private static ConfigurableEnvironment initialized(Map<String, Object> variables, Map<String, Object> application) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, new SystemEnvironmentPropertySource(
					StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables));
		environment.getPropertySources().addLast(new MapPropertySource("application.yml", application));
		try (GenericApplicationContext context = new GenericApplicationContext()) {
			context.setEnvironment(environment);
			new JobPlatformTestProperties().initialize(context);
		}
		return environment;
	}

}
