package dev.jobs.core.schema;

import java.time.Duration;
import java.util.UUID;

import dev.jobs.core.IntegrationTest;
import dev.jobs.core.JobStatus;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code jobs.schema.name=public}: an installation whose tables were created in {@code public} (before the platform
 * had a schema of its own) keeps them there, and the platform runs on them as before.
 */
@TestPropertySource(properties = { "jobs.schema.name=public", "spring.datasource.hikari.maximum-pool-size=4",
		"jobs.engine.pool-size=2" })
@DirtiesContext
class PublicSchemaIntegrationTest extends IntegrationTest {

	private static ApplicationDatabase database;

	@DynamicPropertySource
	static void aDatabase(DynamicPropertyRegistry properties) throws Exception {
		database = ApplicationDatabase.fresh("_in_public");
		database.register(properties, "-in-public");
	}

	@Test
	void theTablesAreInPublicAndAJobRunsOnThem() {
		UUID id = UUID.fromString(body(post("/api/jobs", "{\"type\": \"NOOP\"}")).get("id").asString());

		assertThat(awaitStatus(id, JobStatus.SUCCEEDED, Duration.ofSeconds(30)).attempt()).isEqualTo(1);
		JdbcClient plain = JdbcClient.create(database.dataSource());
		assertThat(plain.sql("select status from public.job where id = :id").param("id", id).query(String.class).single())
			.isEqualTo("SUCCEEDED");
		assertThat(plain.sql("select table_schema from information_schema.tables where table_name = 'jobs_schema_history'")
			.query(String.class)
			.list()).containsExactly("public");
		assertThat(plain.sql("select count(*) from information_schema.schemata where schema_name = 'jobs'")
			.query(Long.class)
			.single()).as("no schema of the default name was created").isZero();
	}

}
