package dev.jobs.app.demo;

import java.util.List;

import dev.jobs.app.IntegrationTest;
import dev.jobs.app.demo.DemoDataLoader.Loaded;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

class DemoDataLoaderIntegrationTest extends IntegrationTest {

	@Autowired
	DemoDataLoader loader;

	@Test
	void fillsEmptyTablesWithRealisticRowsAndLeavesFilledOnesAlone() {
		jdbc.sql("truncate employee, {jobs}.notification, {jobs}.notification_preference, api_token, app_user restart identity").update();

		Loaded first = loader.loadIfEmpty(5_000, 300);
		Loaded second = loader.loadIfEmpty(5_000, 300);

		assertThat(first.employees()).isEqualTo(5_000);
		assertThat(first.users()).isEqualTo(300);
		assertThat(second.employees()).isZero();
		assertThat(second.users()).isZero();
		assertThat(count("select count(*) from employee")).isEqualTo(5_000);
		assertThat(count("select count(*) from employee where deleted")).isBetween(40L, 200L);
		assertThat(count("select count(distinct department) from employee")).isEqualTo(10);
		assertThat(count("select count(*) from employee where name !~ '^[\\u4e00-\\u9fa5]{2,4}$'")).isZero();
		assertThat(count("select count(*) from employee where hire_date > current_date "
				+ "or hire_date < current_date - (age - 21) * interval '1 year'")).isZero();
		List<String> departments = jdbc.sql("select distinct department from employee").query(String.class).list();
		assertThat(departments).contains("研发部", "财务部", "人力资源部");
		assertThat(count("select count(*) from app_user where role = 'SUPER_ADMIN' and not deleted")).isPositive();
		assertThat(count("select count(distinct username) from app_user")).isEqualTo(300);
	}

	@Test
	void addsRowsToFilledTablesWhenAskedWithUniqueUserNames() {
		jdbc.sql("truncate employee, {jobs}.notification, {jobs}.notification_preference, api_token, app_user restart identity").update();
		loader.insertUsers(50);

		loader.insertUsers(50);
		loader.insertEmployees(10);

		assertThat(count("select count(distinct username) from app_user")).isEqualTo(100);
		assertThat(count("select count(*) from employee")).isEqualTo(10);
	}

	private long count(String sql) {
		return jdbc.sql(sql).query(Long.class).single();
	}

}
