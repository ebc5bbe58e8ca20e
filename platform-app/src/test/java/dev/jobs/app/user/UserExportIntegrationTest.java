package dev.jobs.app.user;

import java.util.HashMap;
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

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** USER_EXPORT end to end. */
class UserExportIntegrationTest extends IntegrationTest {

	/** This test replaces every user with the fixture's; it acts as the fixture's admin. */
	@Override
	protected Account defaultAccount() {
		return Account.FIXTURE_ADMIN;
	}


	@BeforeEach
	void users() {
		Fixtures.users(jdbc);
	}

	@Test
	void exportsLiveUsersWithChineseHeadersAndLabelsButNoPasswords() {
		JobView job = runToSuccess("USER_EXPORT", Map.of());

		List<Sheet> sheets = Spreadsheets.readXlsx(get("/api/jobs/" + job.id() + "/result").body());

		assertThat(sheets).singleElement().satisfies(sheet -> {
			assertThat(sheet.name()).isEqualTo("用户信息");
			assertThat(sheet.header()).containsExactly("编号", "用户名", "姓名", "邮箱", "角色", "状态", "创建时间", "更新时间");
			assertThat(sheet.column(1)).containsExactly("admin", "zhangwei", "wangfang", "liuyang", "zhoujie");
			assertThat(sheet.rows().get(0)).containsExactly("1", "admin", "系统管理员", "admin@example.com", "超级管理员", "启用",
					"2024-01-02 03:04:05", "2024-01-02 03:04:05");
			assertThat(sheet.rows()).flatMap(r -> r).doesNotContain("{noop}secret");
		});
		assertThat(job.result().get("file").get("name").asString()).matches("用户信息_\\d{8}_\\d{6}\\.xlsx");
	}

	@Test
	void roleAndStatusFilterAndSoftDeletedUsersNeverAppear() {
		assertThat(usernames(Map.of("role", "USER"))).containsExactly("wangfang", "liuyang");
		assertThat(usernames(Map.of("status", "DISABLED"))).containsExactly("liuyang", "zhoujie");
		assertThat(usernames(Map.of("role", "MANAGER", "status", "ACTIVE"))).containsExactly("zhangwei");
		assertThat(usernames(Map.of("role", "SUPER_ADMIN", "status", "DISABLED"))).isEmpty();
	}

	@Test
	void unknownRoleIsRefusedNamingTheField() {
		assertThatThrownBy(() -> jobs.submit("USER_EXPORT", Map.of("role", "ROOT")))
			.isInstanceOfSatisfying(InvalidJobPayloadException.class, ex -> {
				assertThat(ex.errors().get(0).field()).isEqualTo("payload.role");
				assertThat(ex.errors().get(0).reason()).contains("SUPER_ADMIN", "MANAGER", "USER");
			});
	}

	private List<String> usernames(Map<String, ?> payload) {
		Map<String, Object> csv = new HashMap<>(payload);
		csv.put("format", "CSV");
		JobView job = runToSuccess("USER_EXPORT", csv);
		return Spreadsheets.readCsv(get("/api/jobs/" + job.id() + "/result").body()).column(1);
	}

}
