package dev.jobs.test.architecture;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The source rules' patterns find what they are meant to, and nothing else. */
class SqlPatternsTest {

	@Test
	void aSchemaNamedByHandIsFoundAndThePlaceholderIsNot() {
		for (String sql : new String[] { "select * from jobs.job", "update \"jobs\".job set status = 'x'",
				"insert into public.operation_log (id) values (1)", "truncate jobs.job cascade",
				"set search_path to jobs, public", "select set_config('search_path', 'jobs', false)",
				"jdbc:postgresql://db/app?currentSchema=jobs" }) {
			assertThat(JobPlatformArchitecture.SCHEMA_BY_HAND.matcher(sql).find()).as(sql).isTrue();
		}
		for (String sql : new String[] { "update {jobs}.job set status = 'x'", "select * from {jobs}.job j",
				"select table_schema from information_schema.tables", "select * from unnest(?) as e(id)",
				"select id from app_user where username = :u", "from pg_catalog.pg_class",
				"select extract(epoch from t.started_at - t.run_at) from {jobs}.job t",
				"a search_path would change the application's connections" }) {
			assertThat(JobPlatformArchitecture.SCHEMA_BY_HAND.matcher(sql).find()).as(sql).isFalse();
		}
	}

	@Test
	void theJobTablesAreFoundQualifiedOrNot() {
		for (String sql : new String[] { "select * from {jobs}.job where id = :id", "select * from job j",
				"update jobs.job set x = 1", "select * from {jobs}.job_attempt" }) {
			assertThat(JobPlatformArchitecture.JOB_TABLE_SQL.matcher(sql).find()).as(sql).isTrue();
		}
		for (String sql : new String[] { "select * from {jobs}.job_schedule", "select * from {jobs}.notification",
				"delete from app_user" }) {
			assertThat(JobPlatformArchitecture.JOB_TABLE_SQL.matcher(sql).find()).as(sql).isFalse();
		}
	}

}
