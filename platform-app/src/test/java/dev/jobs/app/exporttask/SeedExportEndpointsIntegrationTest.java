package dev.jobs.app.exporttask;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;

import dev.jobs.app.Fixtures;
import dev.jobs.app.IntegrationTest;
import dev.jobs.app.Spreadsheets;
import dev.jobs.core.JobStatus;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** The seed tutorial's endpoints keep working over the job platform. */
class SeedExportEndpointsIntegrationTest extends IntegrationTest {

	/** This test replaces every user with the fixture's; it acts as the fixture's admin. */
	@Override
	protected Account defaultAccount() {
		return Account.FIXTURE_ADMIN;
	}


	@BeforeEach
	void data() {
		Fixtures.employees(jdbc);
		Fixtures.users(jdbc);
	}

	@Test
	void employeeExportThroughTheSeedEndpointsFiltersByDepartmentAndPosition() {
		HttpResponse<byte[]> submitted = post("/api/employ/export/async?department=" + encode("研发部") + "&position="
				+ encode("Java开发工程师"));

		assertThat(submitted.statusCode()).as(new String(submitted.body())).isEqualTo(202);
		UUID taskId = UUID.fromString(body(submitted).get("taskId").asString());
		assertThat(submitted.headers().firstValue("Location")).hasValue("/api/export-tasks/" + taskId);
		awaitStatus(taskId, Set.of(JobStatus.SUCCEEDED), JOB_TIMEOUT);

		JsonNode task = body(get("/api/export-tasks/" + taskId));
		assertThat(task.get("status").asString()).isEqualTo("SUCCESS");
		assertThat(task.get("taskType").asString()).isEqualTo("EMPLOYEE_EXPORT");
		assertThat(task.get("params").get("position").asString()).isEqualTo("Java开发工程师");
		assertThat(task.get("fileName").asString()).matches("员工信息_\\d{8}_\\d{6}\\.xlsx");
		assertThat(task.get("rows").asLong()).isEqualTo(2);
		assertThat(task.get("downloadUrl").asString()).isEqualTo("/api/export-tasks/" + taskId + "/download");
		assertThat(task.has("filePath")).isFalse();

		HttpResponse<byte[]> file = get(task.get("downloadUrl").asString());
		assertThat(file.statusCode()).isEqualTo(200);
		assertThat(file.headers().firstValue("Content-Disposition"))
			.hasValueSatisfying(v -> assertThat(v).contains("filename*=UTF-8''%E5%91%98%E5%B7%A5"));
		assertThat(Spreadsheets.readXlsx(file.body()).get(0).column(1)).containsExactly("张伟", "刘洋");
	}

	@Test
	void emptySeedParametersMeanNoFilter() {
		UUID taskId = UUID.fromString(body(post("/api/employ/export/async?department=&position=")).get("taskId").asString());

		awaitStatus(taskId, Set.of(JobStatus.SUCCEEDED), JOB_TIMEOUT);

		assertThat(body(get("/api/export-tasks/" + taskId)).get("rows").asLong()).isEqualTo(6);
	}

	@Test
	void userExportThroughTheSameStyleOfEndpoint() {
		UUID taskId = UUID.fromString(body(post("/api/users/export/async?role=MANAGER&format=CSV")).get("taskId").asString());
		awaitStatus(taskId, Set.of(JobStatus.SUCCEEDED), JOB_TIMEOUT);

		HttpResponse<byte[]> file = get("/api/export-tasks/" + taskId + "/download");

		assertThat(file.headers().firstValue("Content-Type")).hasValue("text/csv;charset=UTF-8");
		assertThat(Spreadsheets.readCsv(file.body()).column(1)).containsExactly("zhangwei", "zhoujie");
	}

	@Test
	void badParametersAndUnknownTasksAreProblems() {
		JsonNode invalid = assertProblem(post("/api/employ/export/async?hiredFrom=2022-01-01&hiredTo=2021-01-01"), 400,
				"invalid-request");
		assertThat(invalid.get("errors").get(0).get("field").asString()).isEqualTo("hiredRange");
		assertProblem(post("/api/employ/export/async?format=PDF"), 400, "invalid-request");
		assertProblem(post("/api/users/export/async?role=ROOT"), 400, "invalid-request");
		assertProblem(get("/api/export-tasks/" + UUID.randomUUID()), 404, "job-not-found");
		assertProblem(get("/api/export-tasks/" + UUID.randomUUID() + "/download"), 404, "job-not-found");

		UUID noop = jobs.submit("NOOP", java.util.Map.of()).id();
		awaitStatus(noop, Set.of(JobStatus.SUCCEEDED), Duration.ofSeconds(15));
		assertProblem(get("/api/export-tasks/" + noop), 404, "job-not-found");
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

}
