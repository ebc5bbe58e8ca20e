package dev.jobs.app.employee;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import dev.jobs.app.Fixtures;
import dev.jobs.app.IntegrationTest;
import dev.jobs.app.Spreadsheets;
import dev.jobs.app.Spreadsheets.Sheet;
import dev.jobs.core.InvalidJobPayloadException;
import dev.jobs.core.JobView;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** EMPLOYEE_EXPORT end to end: submitted as a job, run by a worker, file read back. */
class EmployeeExportIntegrationTest extends IntegrationTest {

	private static final List<String> HEADER = List.of("编号", "姓名", "性别", "年龄", "部门", "职位", "入职日期", "薪资", "头像",
			"创建时间", "更新时间");

	@BeforeEach
	void employees() {
		Fixtures.employees(jdbc);
	}

	@Test
	void exportsEveryLiveEmployeeWithChineseHeadersAndFormattedValues() {
		JobView job = runToSuccess("EMPLOYEE_EXPORT", Map.of());

		List<Sheet> sheets = Spreadsheets.readXlsx(download(job));

		assertThat(sheets).singleElement().satisfies(sheet -> {
			assertThat(sheet.name()).isEqualTo("员工信息");
			assertThat(sheet.header()).isEqualTo(HEADER);
			assertThat(sheet.column(1)).containsExactly("张伟", "王芳", "李娜", "刘洋", "陈静", "周杰");
			assertThat(sheet.rows().get(0)).containsExactly("1", "张伟", "男", "35", "研发部", "Java开发工程师", "2019-03-15",
					"25000.00", "https://avatars.example.com/1.png", "2024-05-06 07:08:09", "2024-06-01 10:00:00");
			assertThat(sheet.rows().get(1).get(7)).isEqualTo("18000.50");
			assertThat(sheet.rows().get(1).get(8)).isNull();
		});
		JsonNode file = job.result().get("file");
		assertThat(file.get("name").asString()).matches("员工信息_\\d{8}_\\d{6}\\.xlsx");
		assertThat(file.get("contentType").asString())
			.isEqualTo("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
		assertThat(file.get("rows").asLong()).isEqualTo(6);
		assertThat(job.result().get("sheets").asInt()).isEqualTo(1);
		assertThat(job.progress().done()).isEqualTo(6);
		assertThat(job.progress().total()).isEqualTo(6);
	}

	@Test
	void softDeletedEmployeesNeverAppear() {
		List<String> names = names(runToSuccess("EMPLOYEE_EXPORT", Map.of("format", "CSV")));
		List<String> inDepartment = names(runToSuccess("EMPLOYEE_EXPORT", Map.of("department", "财务部")));

		assertThat(names).hasSize(6).doesNotContain("赵磊", "孙丽");
		assertThat(inDepartment).containsExactly("李娜");
	}

	@Test
	void eachFilterReallyFilters() {
		assertThat(names(Map.of("department", "研发部"))).containsExactly("张伟", "王芳", "刘洋");
		assertThat(names(Map.of("position", "Java开发工程师"))).containsExactly("张伟", "刘洋");
		assertThat(names(Map.of("department", "研发部", "position", "前端开发工程师"))).containsExactly("王芳");
		assertThat(names(Map.of("hiredFrom", "2020-01-01"))).containsExactly("王芳", "刘洋", "陈静");
		assertThat(names(Map.of("hiredTo", "2019-03-15"))).containsExactly("张伟", "李娜", "周杰");
		assertThat(names(Map.of("hiredFrom", "2019-01-01", "hiredTo", "2021-12-31"))).containsExactly("张伟", "王芳",
				"陈静");
		assertThat(names(Map.of("department", "研发部", "hiredFrom", "2023-01-01"))).containsExactly("刘洋");
	}

	@Test
	void blankFiltersMeanNoFilter() {
		assertThat(names(Map.of("department", " ", "position", ""))).hasSize(6);
	}

	@Test
	void exportWithoutMatchesIsAFileWithOnlyTheHeader() {
		JobView job = runToSuccess("EMPLOYEE_EXPORT", Map.of("position", "会计"));

		List<Sheet> sheets = Spreadsheets.readXlsx(download(job));

		assertThat(sheets).singleElement().satisfies(sheet -> {
			assertThat(sheet.header()).isEqualTo(HEADER);
			assertThat(sheet.rows()).isEmpty();
		});
		assertThat(job.result().get("rows").asLong()).isZero();
	}

	@Test
	void csvHasTheSameHeaderAndValuesWithAByteOrderMarkForExcel() {
		JobView job = runToSuccess("EMPLOYEE_EXPORT", Map.of("format", "CSV", "department", "研发部"));
		byte[] file = download(job);

		Sheet csv = Spreadsheets.readCsv(file);

		assertThat(file).startsWith(0xEF, 0xBB, 0xBF);
		assertThat(csv.header()).isEqualTo(HEADER);
		assertThat(csv.rows()).hasSize(3);
		assertThat(csv.rows().get(1)).containsExactly("2", "王芳", "女", "29", "研发部", "前端开发工程师", "2021-07-01",
				"18000.50", null, "2024-05-06 07:08:09", "2024-05-06 07:08:09");
		assertThat(job.result().get("file").get("name").asString()).matches("员工信息_\\d{8}_\\d{6}\\.csv");
		assertThat(job.result().get("file").get("contentType").asString()).isEqualTo("text/csv;charset=UTF-8");
	}

	@Test
	void moreRowsThanASheetHoldsContinueOnTheNextSheets() {
		// The test configuration holds 1,000 rows per sheet instead of 1,048,575.
		jdbc.sql("""
				insert into employee (name, gender, age, department, position, hire_date, salary)
				select '员工' || n, '女', 30, '数据部', '数据分析师', date '2022-01-01' + n, 10000 + n
				  from generate_series(1, 2500) as n
				""").update();

		JobView job = runToSuccess("EMPLOYEE_EXPORT", Map.of("department", "数据部"));
		List<Sheet> sheets = Spreadsheets.readXlsx(download(job));

		assertThat(sheets).extracting(Sheet::name).containsExactly("员工信息", "员工信息_2", "员工信息_3");
		assertThat(sheets).extracting(s -> s.rows().size()).containsExactly(1000, 1000, 500);
		assertThat(sheets).allSatisfy(s -> assertThat(s.header()).isEqualTo(HEADER));
		assertThat(sheets.get(1).rows().get(0).get(1)).isEqualTo("员工1001");
		assertThat(sheets.get(2).rows().get(499).get(1)).isEqualTo("员工2500");
		assertThat(job.result().get("sheets").asInt()).isEqualTo(3);
		assertThat(job.result().get("rows").asLong()).isEqualTo(2500);
		assertThat(job.progress().done()).isEqualTo(2500);
	}

	@Test
	void invalidFiltersAreRefusedNamingTheField() {
		assertThatThrownBy(() -> jobs.submit("EMPLOYEE_EXPORT", Map.of("hiredFrom", "2022-01-01", "hiredTo", "2021-01-01")))
			.isInstanceOfSatisfying(InvalidJobPayloadException.class,
					ex -> assertThat(ex.errors()).singleElement().satisfies(e -> {
						assertThat(e.field()).isEqualTo("payload.hiredRange");
						assertThat(e.reason()).isEqualTo("hiredFrom must not be after hiredTo");
					}));
		assertThatThrownBy(() -> jobs.submit("EMPLOYEE_EXPORT", Map.of("format", "PDF")))
			.isInstanceOfSatisfying(InvalidJobPayloadException.class,
					ex -> assertThat(ex.errors().get(0).field()).isEqualTo("payload.format"));
		assertThatThrownBy(() -> jobs.submit("EMPLOYEE_EXPORT", Map.of("departement", "研发部")))
			.isInstanceOfSatisfying(InvalidJobPayloadException.class,
					ex -> assertThat(ex.errors().get(0).field()).isEqualTo("payload.departement"));
	}

	private List<String> names(Map<String, ?> payload) {
		Map<String, Object> csv = new java.util.HashMap<>(payload);
		csv.put("format", "CSV");
		return names(runToSuccess("EMPLOYEE_EXPORT", csv));
	}

	private List<String> names(JobView job) {
		byte[] file = download(job);
		return "CSV".equals(job.payload().get("format").asString()) ? Spreadsheets.readCsv(file).column(1)
				: Spreadsheets.readXlsx(file).get(0).column(1);
	}

	private byte[] download(JobView job) {
		HttpResponse<byte[]> response = get("/api/jobs/" + job.id() + "/result");
		assertThat(response.statusCode()).as(new String(response.body())).isEqualTo(200);
		return response.body();
	}

}
