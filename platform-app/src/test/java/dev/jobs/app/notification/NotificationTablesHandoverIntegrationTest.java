package dev.jobs.app.notification;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

import dev.jobs.core.PlatformSchema;
import dev.jobs.types.JobTypesSchema;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The notification tables have one owner, job-types: on an empty database the application's migrations create
 * none of them, and a database migrated while the application's V3 still created them (a verbatim copy of that
 * file is in this test's resources) migrates on and validates, keeping its tables.
 */
class NotificationTablesHandoverIntegrationTest {

	private static final String HOST = env("JOBS_DB_HOST", "127.0.0.1");

	private static final String PORT = env("JOBS_DB_PORT", "5432");

	private static final String DATABASE = env("JOBS_TEST_DB_NAME", "jobs_test") + "_handover";

	/** Where an installation of that time has its tables, and keeps them: jobs.schema.name=public. */
	private static final PlatformSchema IN_PUBLIC = PlatformSchema.named("public");

	private PGSimpleDataSource dataSource;

	private JdbcClient jdbc;

	@BeforeEach
	void emptyDatabase() throws Exception {
		try (Connection admin = DriverManager.getConnection("jdbc:postgresql://" + HOST + ":" + PORT + "/postgres",
				env("JOBS_DB_USER", "postgres"), env("JOBS_DB_PASSWORD", ""));
				Statement sql = admin.createStatement()) {
			sql.execute("drop database if exists " + DATABASE + " with (force)");
			sql.execute("create database " + DATABASE);
		}
		dataSource = new PGSimpleDataSource();
		dataSource.setUrl("jdbc:postgresql://" + HOST + ":" + PORT + "/" + DATABASE);
		dataSource.setUser(env("JOBS_DB_USER", "postgres"));
		dataSource.setPassword(env("JOBS_DB_PASSWORD", ""));
		jdbc = JdbcClient.create(dataSource);
	}

	@Test
	void onAnEmptyDatabaseTheApplicationCreatesNoNotificationTableAndJobTypesCreatesThemAllInThePlatformsSchema() {
		applicationMigrations().migrate();

		assertThat(exists("public.notification")).as("the application's migrations leave the tables to job-types")
			.isFalse();
		assertThat(exists("public.notification_delivery")).isFalse();
		assertThat(exists("public.notification_preference")).isFalse();
		assertThat(hasLocaleColumn()).as("app_user.locale stays the application's").isTrue();

		new JobTypesSchema(dataSource, PlatformSchema.defaultSchema()).migrate();

		assertThat(exists("jobs.notification")).isTrue();
		assertThat(exists("jobs.notification_delivery")).isTrue();
		assertThat(exists("jobs.notification_preference")).isTrue();
		assertThat(exists("public.notification")).as("nothing of job-types' in the application's schema").isFalse();
	}

	@Test
	void aDatabaseMigratedWhileTheApplicationCreatedTheTablesMigratesOnAndKeepsThem() {
		migrateAsBeforeTheHandover();
		jdbc.sql("insert into app_user (username, display_name, role) values ('alice', 'Alice', 'USER')").update();
		jdbc.sql("insert into public.notification (user_id, job_id, template, category, title, body) "
				+ "select id, gen_random_uuid(), 'GENERIC', 'GENERAL', 'kept', 'kept' from app_user").update();
		assertThatThrownBy(() -> applicationMigrations().migrate()).as("plain Flyway refuses the changed V3")
			.isInstanceOf(FlywayException.class)
			.hasMessageContaining("checksum");

		new NotificationTablesHandover().migrate(applicationMigrations());
		new JobTypesSchema(dataSource, IN_PUBLIC).migrate();

		applicationMigrations().validate();
		assertThat(jdbc.sql("select title from public.notification").query(String.class).single()).isEqualTo("kept");
		assertThat(jdbc.sql("select count(*) from flyway_schema_history where version in ('4', '6') and success")
			.query(Long.class)
			.single()).as("the migrations after V3 ran").isEqualTo(2);
		assertThat(NotificationTablesHandover.realignV3(applicationMigrations())).as("realigned once only").isFalse();
	}

	@Test
	void anyOtherChangeOfAnAppliedMigrationStillStopsTheStart() {
		applicationMigrations().migrate();
		jdbc.sql("update flyway_schema_history set checksum = 12345 where version = '3'").update();

		assertThatThrownBy(() -> new NotificationTablesHandover().migrate(applicationMigrations()))
			.isInstanceOf(FlywayException.class)
			.hasMessageContaining("checksum");
	}

	/**
	 * Such a database started without jobs.schema.name=public would get new, empty notification tables in the
	 * platform's schema and leave the users' inboxes behind: the start is refused, saying what to set.
	 */
	@Test
	void aDatabaseWhoseTablesAreInPublicIsNotMigratedIntoAnotherSchema() {
		migrateAsBeforeTheHandover();
		new NotificationTablesHandover().migrate(applicationMigrations());

		assertThatThrownBy(() -> new JobTypesSchema(dataSource, PlatformSchema.defaultSchema()).migrate())
			.isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("jobs.schema.name=public");
		assertThat(exists("jobs.notification")).isFalse();
	}

	/** The old main: the application's V1 and V2, then its V3 as it was, then job-types' own migrations. */
	private void migrateAsBeforeTheHandover() {
		Flyway.configure().dataSource(dataSource).target("2").load().migrate();
		Flyway.configure()
			.dataSource(dataSource)
			.locations("classpath:dev/jobs/app/notification/before-handover")
			.ignoreMigrationPatterns("*:missing")
			.load()
			.migrate();
		new JobTypesSchema(dataSource, IN_PUBLIC).migrate();
		Integer oldChecksum = jdbc.sql("select checksum from flyway_schema_history where version = '3'")
			.query(Integer.class)
			.single();
		assertThat(oldChecksum).as("the copy is the file as it was")
			.isEqualTo(NotificationTablesHandover.CHECKSUM_WHEN_V3_CREATED_THE_TABLES);
	}

	/** The application's Flyway as platform-app configures it (application.yml). */
	private Flyway applicationMigrations() {
		return Flyway.configure().dataSource(dataSource).baselineOnMigrate(true).baselineVersion("0").load();
	}

	private boolean exists(String table) {
		return jdbc.sql("select to_regclass(:table) is not null").param("table", table).query(Boolean.class).single();
	}

	private boolean hasLocaleColumn() {
		return jdbc.sql("select count(*) from information_schema.columns where table_name = 'app_user' "
				+ "and column_name = 'locale'").query(Long.class).single() == 1;
	}

	private static String env(String name, String fallback) {
		String value = System.getenv(name);
		return (value != null && !value.isBlank()) ? value : fallback;
	}

}
