package dev.jobs.examples.departmentreport;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import dev.jobs.core.InvalidJobPayloadException;
import dev.jobs.core.JobAttemptView;
import dev.jobs.core.JobClient;
import dev.jobs.core.JobStatus;
import dev.jobs.core.JobView;
import dev.jobs.core.SubmitOptions;
import dev.jobs.core.job.JobTypeRegistry;
import dev.jobs.core.result.ResultStorage;
import dev.jobs.test.JobPlatformTest;
import dev.jobs.test.JobTestKit;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static dev.jobs.examples.departmentreport.TestStaff.member;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The example type through the whole platform: real PostgreSQL, real RabbitMQ, the engine's workers. */
@JobPlatformTest(classes = ReportsTestApplication.class)
class DepartmentReportIntegrationTest {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	@Autowired
	JobTestKit kit;

	@Autowired
	JobClient jobs;

	@Autowired
	TestStaff staff;

	@Autowired
	ResultStorage results;

	@Autowired
	JobTypeRegistry registry;

	private final String department = "研发部-" + UUID.randomUUID().toString().substring(0, 8);

	@Test
	void reportSucceedsWithItsFileAndFigures() throws Exception {
		staff.department(department, member("张三", "工程师", "20000"), member("王五", "经理", "30000"));

		JobView job = kit.submitAndAwait(DepartmentReport.TYPE, new DepartmentReportPayload(department, false));

		assertThat(job.status()).isEqualTo(JobStatus.SUCCEEDED);
		DepartmentReportResult result = kit.result(job, DepartmentReportResult.class);
		assertThat(result.headcount()).isEqualTo(2);
		assertThat(result.salaryTotal()).isEqualByComparingTo("50000");
		assertThat(results.open(job.id())).as("the CSV is stored under the job").isPresent();
		assertThat(job.progress().done()).isEqualTo(2L);
	}

	@Test
	void subDepartmentsAreReportedByFollowUpJobsThatSucceedToo() {
		String sub = department + "-平台组";
		staff.department(department, member("张三", "工程师", "20000"))
			.department(sub, member("李四", "工程师", "18000"))
			.subDepartments(department, sub);

		JobView parent = kit.submitAndAwait(DepartmentReport.TYPE, new DepartmentReportPayload(department, true),
				SubmitOptions.defaults().withCreatedBy("manager"), TIMEOUT);

		List<JobView> followUps = kit.followUps(parent, DepartmentReport.TYPE);
		assertThat(followUps).singleElement().satisfies(followUp -> {
			assertThat(kit.payload(followUp, DepartmentReport.TYPE).department()).isEqualTo(sub);
			assertThat(followUp.createdBy()).isEqualTo("manager");
			assertThat(kit.awaitEnd(followUp.id(), TIMEOUT).status()).isEqualTo(JobStatus.SUCCEEDED);
		});
	}

	@Test
	void directoryDownOnceIsRetriedAndTheSecondAttemptSucceeds() {
		staff.department(department, member("张三", "工程师", "20000")).unavailable(department, 1);

		JobView job = kit.submitAndAwait(DepartmentReport.TYPE, new DepartmentReportPayload(department, false));

		assertThat(job.status()).isEqualTo(JobStatus.SUCCEEDED);
		assertThat(kit.attempts(job.id())).extracting(JobAttemptView::outcome).containsExactly("FAILED", "SUCCEEDED");
		assertThat(kit.attempts(job.id()).get(0).error()).contains("staff directory unavailable");
	}

	@Test
	void emptyDepartmentFailsAtTheFirstAttemptWithTheReason() {
		JobView job = kit.submitAndAwait(DepartmentReport.TYPE, new DepartmentReportPayload(department, false));

		assertThat(job.status()).isEqualTo(JobStatus.FAILED);
		assertThat(job.lastError()).contains(department).contains("nobody");
		assertThat(kit.attempts(job.id())).hasSize(1);
	}

	@Test
	void blankDepartmentIsRefusedAtSubmissionNamingTheField() {
		assertThatThrownBy(() -> jobs.submit(DepartmentReport.TYPE, new DepartmentReportPayload(" ", false)))
			.isInstanceOf(InvalidJobPayloadException.class)
			.hasMessageContaining("department");
	}

	@Test
	void settingsComeFromCodeUnlessPropertiesOverrideThem() {
		var settings = registry.require(DepartmentReport.TYPE.name()).settings();

		assertThat(settings.maxAttempts()).as("from the handler's code").isEqualTo(3);
		assertThat(settings.timeout()).as("from the handler's code").isEqualTo(Duration.ofMinutes(5));
		assertThat(settings.backoffInitial()).as("application-test.yml overrides the code").isEqualTo(
				Duration.ofMillis(200));
		assertThat(settings.submitRoles()).as("shipped default, in configuration").containsExactly("@admins");
	}

}
