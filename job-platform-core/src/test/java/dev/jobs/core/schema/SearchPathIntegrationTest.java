package dev.jobs.core.schema;

import java.util.List;

import javax.sql.DataSource;

import dev.jobs.core.IntegrationTest;
import dev.jobs.core.PlatformSchema;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The suite runs with a {@code search_path} that leaves the platform's schema out, so any statement anywhere (the
 * platform's, a module's, a test's) that names a platform table without {@code {jobs}.} fails, in every test.
 */
class SearchPathIntegrationTest extends IntegrationTest {

	@Autowired
	DataSource dataSource;

	@Autowired
	PlatformSchema schema;

	@Test
	void thePlatformsSchemaIsNotOnTheSuitesSearchPath() {
		List<String> searchPath = JdbcClient.create(dataSource)
			.sql("select unnest(current_schemas(false))")
			.query(String.class)
			.list();

		assertThat(searchPath).doesNotContain(schema.name());
		assertThat(jdbc.sql("select to_regclass('job') is null").query(Boolean.class).single()).isTrue();
	}

}
