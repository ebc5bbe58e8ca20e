package dev.jobs.types.secondapp;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Map;

import javax.sql.DataSource;

import dev.jobs.core.JobStatus;
import dev.jobs.core.PlatformSchema;
import dev.jobs.core.JobView;
import dev.jobs.core.job.JobTypeRegistry;
import dev.jobs.core.job.RegisteredJobType;
import dev.jobs.test.JobPlatformTest;
import dev.jobs.test.JobTestKit;
import dev.jobs.types.notification.Channel;
import dev.jobs.types.notification.Notification;
import dev.jobs.types.notification.NotificationPayload;
import dev.jobs.types.notification.NotificationTemplate;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * job-types in an application that is not platform-app, on an empty database: the module creates
 * the notification tables itself and takes its users from the application's {@code UserDirectory}.
 */
@JobPlatformTest(classes = SecondApplication.class, properties = { "jobs.exports.employee.enabled=false",
		"jobs.exports.user.enabled=false" })
class SecondApplicationIntegrationTest {

	private static final String HOST = env("JOBS_DB_HOST", "127.0.0.1");

	private static final String PORT = env("JOBS_DB_PORT", "5432");

	private static final String DATABASE = env("JOBS_TEST_DB_NAME", "jobs_test") + "_second_app";

	@Autowired
	JobTestKit kit;

	JdbcClient jdbc;

	@Autowired
	JobTypeRegistry registry;

	@Autowired
	void setDataSource(DataSource dataSource, PlatformSchema schema) {
		this.jdbc = schema.jdbcClient(dataSource);
	}

	/** A database of its own, empty at every run: nothing of platform-app's is in it. */
	@DynamicPropertySource
	static void emptyDatabase(DynamicPropertyRegistry properties) throws Exception {
		try (Connection admin = DriverManager.getConnection("jdbc:postgresql://" + HOST + ":" + PORT + "/postgres",
				env("JOBS_DB_USER", "postgres"), env("JOBS_DB_PASSWORD", ""));
				Statement sql = admin.createStatement()) {
			sql.execute("drop database if exists " + DATABASE + " with (force)");
			sql.execute("create database " + DATABASE);
		}
		properties.add("spring.datasource.url", () -> "jdbc:postgresql://" + HOST + ":" + PORT + "/" + DATABASE);
		properties.add("jobs.broker.prefix", () -> env("JOBS_TEST_BROKER_PREFIX", "jobs-test") + "-second-app");
	}

	@Test
	void notificationWorksWithTheModulesOwnTablesAndTheApplicationsUsers() {
		JobView job = kit.submitAndAwait(Notification.TYPE, new NotificationPayload(Channel.IN_APP, "alice",
				NotificationTemplate.GENERIC, Map.of("subject", "Hello", "body", "from a second application"), null));

		assertThat(job.status()).as(String.valueOf(job.lastError())).isEqualTo(JobStatus.SUCCEEDED);
		assertThat(jdbc.sql("select user_id || ':' || title from {jobs}.notification where job_id = :id")
			.param("id", job.id())
			.query(String.class)
			.single()).isEqualTo("42:Hello");
		assertThat(jdbc.sql("select count(*) from {jobs}.job_types_schema_history where success").query(Long.class).single())
			.as("job-types migrated its own tables").isPositive();
		assertThat(jdbc.sql("select to_regclass('public.app_user') is null").query(Boolean.class).single())
			.as("no platform-app table was needed").isTrue();
	}

	@Test
	void onlyTheTypesWhoseDataTheApplicationHasAreRegistered() {
		assertThat(registry.all()).extracting(RegisteredJobType::name).contains(Notification.TYPE.name())
			.doesNotContain("EMPLOYEE_EXPORT", "USER_EXPORT");
	}

	private static String env(String name, String fallback) {
		String value = System.getenv(name);
		return (value != null && !value.isBlank()) ? value : fallback;
	}

}
