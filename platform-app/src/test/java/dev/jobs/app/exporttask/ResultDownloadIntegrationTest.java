package dev.jobs.app.exporttask;

import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.jobs.app.Fixtures;
import dev.jobs.app.IntegrationTest;
import dev.jobs.app.Spreadsheets;
import dev.jobs.core.JobStatus;
import dev.jobs.core.JobView;
import dev.jobs.core.SubmitOptions;
import dev.jobs.core.result.ResultStorage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/** GET /api/jobs/{id}/result: headers of a download, and the answers when there is nothing to download. */
class ResultDownloadIntegrationTest extends IntegrationTest {

	private static final Pattern DISPOSITION = Pattern
		.compile("attachment; filename=\"([^\"]+)\"; filename\\*=UTF-8''([A-Za-z0-9%!#$&+.^_`|~-]+)");

	@Autowired
	ResultStorage storage;

	@BeforeEach
	void employees() {
		Fixtures.employees(jdbc);
	}

	@Test
	void downloadStreamsTheFileWithItsTypeLengthAndUtf8Name() {
		JobView job = runToSuccess("EMPLOYEE_EXPORT", Map.of("department", "研发部"));
		JsonNode file = job.result().get("file");

		HttpResponse<byte[]> response = get("/api/jobs/" + job.id() + "/result");

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValue("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
		assertThat(response.headers().firstValueAsLong("Content-Length")).hasValue(file.get("size").asLong());
		assertThat(response.body()).hasSize(file.get("size").asInt());
		Matcher disposition = DISPOSITION.matcher(response.headers().firstValue("Content-Disposition").orElseThrow());
		assertThat(disposition.matches()).as(response.headers().firstValue("Content-Disposition").get()).isTrue();
		assertThat(URLDecoder.decode(disposition.group(2), StandardCharsets.UTF_8))
			.isEqualTo(file.get("name").asString())
			.startsWith("员工信息_");
		assertThat(disposition.group(1)).matches("\\d{8}_\\d{6}\\.xlsx");
		assertThat(disposition.group(2)).startsWith("%E5%91%98%E5%B7%A5%E4%BF%A1%E6%81%AF_");
		assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
		assertThat(Spreadsheets.readXlsx(response.body()).get(0).rows()).hasSize(3);
		assertThat(body(get("/api/jobs/" + job.id())).get("links").get("download").asString())
			.isEqualTo("/api/jobs/" + job.id() + "/result");
	}

	@Test
	void csvIsServedAsUtf8Csv() {
		JobView job = runToSuccess("EMPLOYEE_EXPORT", Map.of("format", "CSV"));

		HttpResponse<byte[]> response = get("/api/jobs/" + job.id() + "/result");

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("text/csv;charset=UTF-8");
		assertThat(response.headers().firstValue("Content-Disposition")).hasValueSatisfying(
				v -> assertThat(v).matches(".*filename\\*=UTF-8''%E5%91%98%E5%B7%A5%E4%BF%A1%E6%81%AF_\\d{8}_\\d{6}\\.csv"));
	}

	@Test
	void resultOfAJobThatHasNotSucceededIsA409SayingWhatToDo() {
		UUID id = jobs
			.submit("EMPLOYEE_EXPORT", Map.of(), SubmitOptions.defaults().withRunAt(Instant.now().plusSeconds(3600)))
			.id();

		JsonNode pending = assertProblem(get("/api/jobs/" + id + "/result"), 409, "result-not-ready");
		jobs.cancel(id);
		JsonNode cancelled = assertProblem(get("/api/jobs/" + id + "/result"), 409, "result-not-ready");

		assertThat(pending.get("detail").asString()).contains("PENDING").contains("GET /api/jobs/" + id);
		assertThat(pending.get("status_current").asString()).isEqualTo("PENDING");
		assertThat(cancelled.get("detail").asString()).contains("CANCELLED").contains("/retry");
	}

	@Test
	void resultWhoseFileIsGoneIsA410() throws Exception {
		JobView job = runToSuccess("EMPLOYEE_EXPORT", Map.of());
		assertThat(storage.delete(job.id())).isTrue();

		JsonNode problem = assertProblem(get("/api/jobs/" + job.id() + "/result"), 410, "result-gone");

		assertThat(problem.get("detail").asString()).contains("no longer stored").contains("Submit the job again");
	}

	@Test
	void jobWithoutAFileUnknownJobAndMalformedIdAreProblems() {
		UUID noop = jobs.submit("NOOP", Map.of()).id();
		awaitStatus(noop, Set.of(JobStatus.SUCCEEDED), Duration.ofSeconds(15));

		assertProblem(get("/api/jobs/" + noop + "/result"), 404, "no-result-file");
		assertProblem(get("/api/jobs/" + UUID.randomUUID() + "/result"), 404, "job-not-found");
		assertProblem(get("/api/jobs/not-a-uuid/result"), 400, "invalid-request");
	}

}
