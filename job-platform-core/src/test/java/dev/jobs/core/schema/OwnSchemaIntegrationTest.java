package dev.jobs.core.schema;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import dev.jobs.core.IntegrationTest;
import dev.jobs.core.JobStatus;
import dev.jobs.core.PlatformSchema;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.BadSqlGrammarException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The platform on an application's database that has tables of its own, one of them named {@code job}, in
 * {@code public}, and no Flyway history table: it starts, creates its schema (named by {@code jobs.schema.name},
 * here not the default) beside them, runs jobs there, and leaves the application's tables as they were.
 */
// Few connections: the database server is shared, and this context runs beside the suite's.
@TestPropertySource(properties = { "jobs.schema.name=" + OwnSchemaIntegrationTest.SCHEMA,
		"spring.datasource.hikari.maximum-pool-size=4", "jobs.engine.pool-size=2" })
@DirtiesContext
class OwnSchemaIntegrationTest extends IntegrationTest {

	static final String SCHEMA = "jobs_custom";

	private static ApplicationDatabase database;

	@Autowired
	PlatformSchema schema;

	/** The application's database before the platform ever ran on it. */
	@DynamicPropertySource
	static void anApplicationsDatabase(DynamicPropertyRegistry properties) throws Exception {
		database = ApplicationDatabase.fresh("_own_schema")
			.with("create table job (id bigint primary key, title text not null, done boolean not null)",
					"insert into job values (1, 'paint the fence', false), (2, 'mow the lawn', true)",
					"create table customer (id bigint primary key, name text not null)");
		database.register(properties, "-own-schema");
	}

	@Test
	void aJobRunsEndToEndInTheSchemaThePropertyNames() {
		UUID id = UUID.fromString(body(post("/api/jobs", "{\"type\": \"NOOP\"}")).get("id").asString());

		assertThat(awaitStatus(id, JobStatus.SUCCEEDED, Duration.ofSeconds(30)).attempt()).isEqualTo(1);
		assertThat(schema.name()).isEqualTo(SCHEMA);
		assertThat(applicationsConnections()
			.sql("select count(*) from " + SCHEMA + ".job_attempt where job_id = :id and outcome = 'SUCCEEDED'")
			.param("id", id)
			.query(Long.class)
			.single()).isEqualTo(1);
		assertThat(applicationsConnections()
			.sql("select table_schema from information_schema.tables where table_name = 'jobs_schema_history'")
			.query(String.class)
			.list()).as("the platform's history table, in its schema").containsExactly(SCHEMA);
	}

	@Test
	void theApplicationsOwnTablesAreLeftAsTheyWere() {
		UUID id = UUID.fromString(body(post("/api/jobs", "{\"type\": \"NOOP\"}")).get("id").asString());
		awaitStatus(id, JobStatus.SUCCEEDED, Duration.ofSeconds(30));

		assertThat(applicationsConnections().sql("select id || ':' || title || ':' || done from public.job order by id")
			.query(String.class)
			.list()).containsExactly("1:paint the fence:false", "2:mow the lawn:true");
		assertThat(applicationsConnections()
			.sql("select table_name from information_schema.tables where table_schema = 'public' order by 1")
			.query(String.class)
			.list()).as("nothing of the platform's in the application's schema").containsExactly("customer", "job");
	}

	@Test
	void aStatementThatForgetsTheSchemaFailsInsteadOfReadingTheApplicationsTables() {
		List<String> searchPath = applicationsConnections().sql("select unnest(current_schemas(false))")
			.query(String.class)
			.list();
		assertThat(searchPath).as("the connections' search_path is the application's").doesNotContain(SCHEMA);

		assertThatThrownBy(() -> jdbc.sql("select count(*) from job_attempt").query(Long.class).single())
			.isInstanceOf(BadSqlGrammarException.class);
		assertThat(jdbc.sql("select count(*) from job").query(Long.class).single())
			.as("unqualified, job is the application's table").isEqualTo(2);
	}

	private static JdbcClient applicationsConnections() {
		return JdbcClient.create(database.dataSource());
	}

}
