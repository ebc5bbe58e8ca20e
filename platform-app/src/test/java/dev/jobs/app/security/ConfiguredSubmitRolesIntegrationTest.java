package dev.jobs.app.security;

import java.net.http.HttpResponse;
import java.util.Set;
import java.util.UUID;

import dev.jobs.app.IntegrationTest;
import dev.jobs.core.JobStatus;
import org.junit.jupiter.api.Test;

import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The seed's export alias follows the export type's configured submit-roles, not a rule of its
 * own: with EMPLOYEE_EXPORT narrowed to super admins, managers are refused on both paths. (A
 * context of its own, closed afterwards, since the setting differs from every other test's.)
 */
@TestPropertySource(properties = "jobs.types.EMPLOYEE_EXPORT.submit-roles=SUPER_ADMIN")
@DirtiesContext
class ConfiguredSubmitRolesIntegrationTest extends IntegrationTest {

	@Test
	void seedAliasAppliesTheTypesConfiguredSubmitRolesLikeTheJobApi() {
		long before = jdbc.sql("select count(*) from {jobs}.job").query(Long.class).single();

		HttpResponse<byte[]> alias = post("/api/employ/export/async?format=CSV", null, Account.MANAGER);
		HttpResponse<byte[]> api = post("/api/jobs", "{\"type\": \"EMPLOYEE_EXPORT\", \"payload\": {\"format\": \"CSV\"}}",
				Account.MANAGER);

		assertThat(assertProblem(alias, 403, "forbidden").get("detail").asString()).contains("EMPLOYEE_EXPORT")
			.contains("SUPER_ADMIN");
		assertProblem(api, 403, "forbidden");
		assertThat(jdbc.sql("select count(*) from {jobs}.job").query(Long.class).single()).isEqualTo(before);

		HttpResponse<byte[]> byAdmin = post("/api/employ/export/async?format=CSV", null, Account.ADMIN);
		assertThat(byAdmin.statusCode()).isEqualTo(202);
		awaitStatus(UUID.fromString(body(byAdmin).get("taskId").asString()), Set.of(JobStatus.SUCCEEDED), JOB_TIMEOUT);
	}

}
