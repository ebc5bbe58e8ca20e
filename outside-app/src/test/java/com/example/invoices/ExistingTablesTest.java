package com.example.invoices;

import java.util.List;

import javax.sql.DataSource;

import dev.jobs.core.JobStatus;
import dev.jobs.core.JobView;
import dev.jobs.test.JobPlatformTest;
import dev.jobs.test.JobTestKit;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The application's database had tables of its own before the platform came (db/before-the-platform.sql, run by
 * scripts/outside-app.sh on a new database): one named job, in public, and no Flyway history table. The platform
 * starts on it without any Flyway setting (it brings no Spring Boot Flyway), keeps its tables in a schema of its
 * own, and leaves the application's as they were, rows included, after it ran jobs.
 */
@JobPlatformTest(properties = { Http.SMALL_POOL, Http.SMALL_ENGINE_POOL,
		"jobs.results.directory=target/test-results/jobs-results" })
class ExistingTablesTest {

	@Autowired
	JobTestKit kit;

	@Autowired
	DataSource dataSource;

	@Test
	void thePlatformRunsJobsBesideTheApplicationsOwnJobTableAndLeavesItAsItWas() {
		JobView job = kit.submitAndAwait(InvoiceTotal.TYPE, new InvoiceTotal.Payload("ACME", List.of(100L, 23L)));
		assertThat(job.status()).isEqualTo(JobStatus.SUCCEEDED);

		JdbcClient jdbc = JdbcClient.create(dataSource);
		assertThat(jdbc.sql("select id || ':' || customer_id || ':' || description || ':' || done from public.job "
				+ "order by id").query(String.class).list())
			.as("the application's own job table (scripts/outside-app.sh creates it before the tests)")
			.containsExactly("1:1:paint the fence:false", "2:2:mow the lawn:true");
		assertThat(jdbc.sql("select table_schema from information_schema.tables where table_name = 'jobs_schema_history'")
			.query(String.class).list()).as("the platform's tables, in a schema of their own").containsExactly("jobs");
		assertThat(jdbc.sql("select table_name from information_schema.tables where table_schema = 'public' "
				+ "order by 1").query(String.class).list())
			.as("nothing of the platform's, and no Flyway history, in the application's schema")
			.containsExactly("customer", "job");
	}

}
