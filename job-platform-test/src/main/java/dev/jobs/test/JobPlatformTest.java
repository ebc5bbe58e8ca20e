package dev.jobs.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.annotation.AliasFor;
import org.springframework.test.context.ContextConfiguration;

/**
 * Starts the application with the job platform against the real PostgreSQL and RabbitMQ, for an
 * integration test of a job type, and provides a {@link JobTestKit} bean:
 *
 * <pre>{@code
 * @JobPlatformTest(classes = ReportsApplication.class)
 * class DepartmentReportIntegrationTest {
 *     @Autowired JobTestKit kit;
 *     ...
 * }
 * }</pre>
 *
 * Where the services are comes from the environment, with this machine's defaults:
 * {@code JOBS_DB_HOST} (127.0.0.1), {@code JOBS_DB_PORT} (5432), {@code JOBS_DB_USER} (postgres),
 * {@code JOBS_DB_PASSWORD} (empty), {@code JOBS_RABBIT_HOST} (127.0.0.1), {@code JOBS_RABBIT_PORT} (5672),
 * {@code JOBS_RABBIT_USER} / {@code JOBS_RABBIT_PASSWORD} (guest). What a test run writes to is its own:
 * the database {@code JOBS_TEST_DB_NAME}, else {@code <spring.application.name>_test} (create it once;
 * an application without a name must set the variable), the queue prefix {@code JOBS_TEST_BROKER_PREFIX},
 * else the database's name with '-' for '_', and result files in a temporary directory of the test run,
 * removed at its end. Two runs of one application at once on the same services need different
 * {@code JOBS_TEST_DB_NAME} and {@code JOBS_TEST_BROKER_PREFIX}, as CI does. These settings win over
 * the application's own {@code application*.yml} ({@link JobPlatformTestProperties}); set
 * {@link #properties()} to change them for one test. Leases, relay and retry delays are shortened
 * (below the application's settings) so failures and retries show within seconds.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@SpringBootTest
@ContextConfiguration(initializers = JobPlatformTestProperties.class)
public @interface JobPlatformTest {

	/** The application's configuration classes; found from the test's package when empty. */
	@AliasFor(annotation = SpringBootTest.class, attribute = "classes")
	Class<?>[] classes() default {};

	/** Properties for this test, over everything else ({@code key=value}). */
	@AliasFor(annotation = SpringBootTest.class, attribute = "properties")
	String[] properties() default {};

}
