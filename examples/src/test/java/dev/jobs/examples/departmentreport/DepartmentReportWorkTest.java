package dev.jobs.examples.departmentreport;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import dev.jobs.core.JobCancelledException;
import dev.jobs.core.NonRetryableJobException;
import dev.jobs.core.result.LocalDirectoryResultStorage;
import dev.jobs.test.TestJobContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static dev.jobs.examples.departmentreport.TestStaff.member;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The handler run directly with a test context: no database, no broker, milliseconds. */
class DepartmentReportWorkTest {

	@TempDir
	Path directory;

	private final TestStaff staff = new TestStaff().department("研发部", member("张三", "工程师", "20000"),
			member("=SUM(A1)", "测试", "15000.50"))
		.department("平台组", member("李四", "工程师", "18000"))
		.subDepartments("研发部", "平台组");

	@Test
	void writesTheStaffAsCsvAndSetsHeadcountAndTotal() throws Exception {
		LocalDirectoryResultStorage results = new LocalDirectoryResultStorage(directory);
		TestJobContext context = TestJobContext.of(DepartmentReport.TYPE);

		new DepartmentReportWork(staff, results).run(new DepartmentReportPayload("研发部", false), context);

		DepartmentReportResult result = context.result(DepartmentReportResult.class);
		assertThat(result.headcount()).isEqualTo(2);
		assertThat(result.salaryTotal()).isEqualByComparingTo("35000.50");
		assertThat(result.file().rows()).isEqualTo(2);
		assertThat(result.file().contentType()).startsWith("text/csv");
		String csv = new String(results.open(context.jobId()).orElseThrow().getContentAsByteArray(),
				StandardCharsets.UTF_8);
		assertThat(csv).isEqualTo("name,position,salary\n\"张三\",\"工程师\",20000\n\"'=SUM(A1)\",\"测试\",15000.50\n");
		assertThat(context.progress()).extracting(TestJobContext.Progress::done).containsExactly(1L, 2L);
		assertThat(context.followUps()).isEmpty();
	}

	@Test
	void asksForOneFollowUpReportPerSubDepartmentWithAKeyPerJob() throws Exception {
		TestJobContext context = TestJobContext.of(DepartmentReport.TYPE).withCreatedBy("manager");

		new DepartmentReportWork(staff, new LocalDirectoryResultStorage(directory))
			.run(new DepartmentReportPayload("研发部", true), context);

		assertThat(context.followUps()).singleElement().satisfies(followUp -> {
			assertThat(followUp.payload(DepartmentReport.TYPE)).isEqualTo(new DepartmentReportPayload("平台组", true));
			assertThat(followUp.options().createdBy()).isEqualTo("manager");
			assertThat(followUp.options().idempotencyKey()).isEqualTo("department-report:" + context.jobId() + ":平台组");
		});
		assertThat(context.result(DepartmentReportResult.class).subDepartmentReports()).containsExactly("平台组");
	}

	@Test
	void cancelledReportStopsAndLeavesNoFile() throws Exception {
		LocalDirectoryResultStorage results = new LocalDirectoryResultStorage(directory);
		TestJobContext context = TestJobContext.of(DepartmentReport.TYPE)
			.onProgress((job, progress) -> job.requestCancellation());

		assertThatThrownBy(() -> new DepartmentReportWork(staff, results).run(new DepartmentReportPayload("研发部", true),
				context))
			.isInstanceOf(JobCancelledException.class);

		assertThat(results.open(context.jobId())).isEmpty();
		try (var files = Files.list(directory)) {
			assertThat(files).as("no partial file").isEmpty();
		}
		assertThat(context.result()).isNull();
		assertThat(context.followUps()).as("follow-ups only on success").isEmpty();
	}

	@Test
	void emptyDepartmentFailsForGoodSayingSo() {
		TestJobContext context = TestJobContext.of(DepartmentReport.TYPE).withJobId(UUID.randomUUID());

		assertThatThrownBy(() -> new DepartmentReportWork(staff, new LocalDirectoryResultStorage(directory))
			.run(new DepartmentReportPayload("无人部", false), context))
			.isInstanceOf(NonRetryableJobException.class)
			.hasMessageContaining("无人部");
	}

}
