package dev.jobs.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.StandardEnvironment;

/**
 * The settings {@link JobPlatformTest} adds: where the test services are (over the application's
 * configuration, under the test's own properties, system properties and environment variables) and
 * short engine timings (under everything).
 * <p>
 * The places a test run writes to are its own, never the platform's nor another application's: the
 * database is {@code JOBS_TEST_DB_NAME}, else {@code <spring.application.name>_test} (lower case, other
 * characters as '_'); the queue prefix is {@code JOBS_TEST_BROKER_PREFIX}, else the database's name with
 * '-' for '_' (so database and queues always pair up); result files go to a temporary directory of this
 * test run (this JVM), removed when it ends. An application without a name and without
 * {@code JOBS_TEST_DB_NAME} gets a start-up error saying so, unless the test brings its own datasource.
 */
public class JobPlatformTestProperties implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	static final String SERVICES = "jobPlatformTestServices";

	static final String TIMINGS = "jobPlatformTestTimings";

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		ConfigurableEnvironment environment = context.getEnvironment();
		MutablePropertySources sources = environment.getPropertySources();
		MapPropertySource services = services(environment.getProperty("spring.application.name"),
				environment.getProperty("JOBS_TEST_DB_NAME"), environment.getProperty("JOBS_TEST_BROKER_PREFIX"));
		if (sources.contains(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME)) {
			sources.addAfter(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, services);
		}
		else {
			sources.addFirst(services);
		}
		sources.addLast(new MapPropertySource(TIMINGS, timings()));
	}

	static MapPropertySource services(String applicationName, String databaseVariable, String prefixVariable) {
		String database = hasText(databaseVariable) ? databaseVariable.trim() : testDatabaseOf(applicationName);
		Map<String, Object> p = new LinkedHashMap<>();
		p.put("spring.datasource.url",
				"jdbc:postgresql://${JOBS_DB_HOST:127.0.0.1}:${JOBS_DB_PORT:5432}/" + (database == null ? "" : database));
		p.put("spring.datasource.username", "${JOBS_DB_USER:postgres}");
		p.put("spring.datasource.password", "${JOBS_DB_PASSWORD:}");
		p.put("spring.rabbitmq.host", "${JOBS_RABBIT_HOST:127.0.0.1}");
		p.put("spring.rabbitmq.port", "${JOBS_RABBIT_PORT:5672}");
		p.put("spring.rabbitmq.username", "${JOBS_RABBIT_USER:guest}");
		p.put("spring.rabbitmq.password", "${JOBS_RABBIT_PASSWORD:guest}");
		p.put("jobs.broker.prefix", hasText(prefixVariable) ? prefixVariable.trim()
				: (database == null ? "" : database.replace('_', '-')));
		p.put("jobs.results.directory", RunDirectory.path().toString());
		return database != null ? new MapPropertySource(SERVICES, p) : new UnknownDatabase(p);
	}

	/** {@code <name>_test} in the characters an unquoted PostgreSQL name allows; null without a name. */
	static String testDatabaseOf(String applicationName) {
		if (!hasText(applicationName)) {
			return null;
		}
		String safe = applicationName.trim().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]+", "_");
		return safe.replaceFirst("^[0-9_]+", "") + "_test";
	}

	static Map<String, Object> timings() {
		Map<String, Object> p = new LinkedHashMap<>();
		p.put("jobs.relay.interval", "200ms");
		p.put("jobs.relay.min-age", "2s");
		p.put("jobs.lease.duration", "3s");
		p.put("jobs.lease.heartbeat-interval", "500ms");
		p.put("jobs.lease.reaper-interval", "500ms");
		p.put("jobs.worker.drain-timeout", "2s");
		p.put("jobs.defaults.backoff-initial", "200ms");
		p.put("jobs.defaults.backoff-multiplier", "1");
		p.put("jobs.defaults.backoff-max", "1s");
		p.put("jobs.defaults.backoff-jitter", "0ms");
		return p;
	}

	private static boolean hasText(String value) {
		return value != null && !value.isBlank();
	}

	/**
	 * The services of a test whose database is unknown: reading the datasource URL or the queue prefix from
	 * here fails with what to set. Only then: a test that brings its own datasource and prefix (properties,
	 * {@code @DynamicPropertySource}, Testcontainers' service connection) never reads them from here.
	 */
	static final class UnknownDatabase extends MapPropertySource {

		static final String MESSAGE = "@JobPlatformTest has no test database of this application's own: set"
				+ " spring.application.name (the tests then use the database <name>_test and the queue prefix"
				+ " <name>-test) or the environment variable JOBS_TEST_DB_NAME (and JOBS_TEST_BROKER_PREFIX)."
				+ " The test kit no longer falls back to the platform's own jobs_test database.";

		private static final Set<String> NEEDS_DATABASE = Set.of("spring.datasource.url", "jobs.broker.prefix");

		UnknownDatabase(Map<String, Object> properties) {
			super(SERVICES, properties);
		}

		@Override
		public Object getProperty(String name) {
			if (NEEDS_DATABASE.contains(name)) {
				throw new IllegalStateException(MESSAGE);
			}
			return super.getProperty(name);
		}

	}

	/**
	 * One result directory per test run (JVM), under the system's temporary directory, deleted when the JVM
	 * ends: tests never write into the application's configured directory nor into another run's.
	 */
	static final class RunDirectory {

		private static Path path;

		private RunDirectory() {
		}

		static synchronized Path path() {
			if (path == null) {
				try {
					path = Files.createTempDirectory("jobs-test-results-");
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
				Path created = path;
				Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(created), "jobs-test-results-cleanup"));
			}
			return path;
		}

		private static void delete(Path directory) {
			try (Stream<Path> files = Files.walk(directory)) {
				files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
			}
			catch (IOException | UncheckedIOException ex) {
				// Only a temporary directory: what is left goes with the system's own clean-up.
			}
		}

	}

}
