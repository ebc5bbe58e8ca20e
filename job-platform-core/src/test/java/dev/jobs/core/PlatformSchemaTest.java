package dev.jobs.core;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class PlatformSchemaTest {

	@Test
	void statementsNameTheTablesInTheSchemaQuoted() {
		PlatformSchema schema = PlatformSchema.named("jobs_custom");

		assertThat(schema.sql("update {jobs}.job j set status = 'x' from {jobs}.job_attempt a"))
			.isEqualTo("update \"jobs_custom\".job j set status = 'x' from \"jobs_custom\".job_attempt a");
		assertThat(PlatformSchema.named("user").sql("select 1 from {jobs}.job"))
			.as("a reserved word is a schema name too, quoted").isEqualTo("select 1 from \"user\".job");
		assertThat(schema.sql("select '{jobs}' from app_user")).as("only {jobs}. names the schema")
			.isEqualTo("select '{jobs}' from app_user");
	}

	@Test
	void theDefaultIsJobs() {
		assertThat(PlatformSchema.defaultSchema().name()).isEqualTo("jobs");
	}

	@Test
	void aNameThatIsNoPlainIdentifierIsRefusedNamingTheProperty() {
		for (String name : new String[] { "Jobs", "1jobs", "jobs-x", "jobs.x", "jobs\"; drop table job; --", "",
				"pg_jobs", "a".repeat(64), " jobs" }) {
			assertThatIllegalArgumentException().as(name)
				.isThrownBy(() -> PlatformSchema.named(name))
				.withMessageContaining("jobs.schema.name must be a plain SQL identifier");
		}
		assertThatIllegalArgumentException().isThrownBy(() -> PlatformSchema.named(null));
		for (String name : new String[] { "jobs", "public", "_jobs", "jobs_2", "a".repeat(63) }) {
			assertThat(PlatformSchema.named(name).name()).isEqualTo(name);
		}
	}

}
