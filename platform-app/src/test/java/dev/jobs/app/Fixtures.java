package dev.jobs.app;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Known employees and users that the export tests check files against. Each reset empties the
 * table and numbers rows from 1 again.
 */
public final class Fixtures {

	private Fixtures() {
	}

	/** Six live employees and two soft-deleted ones (赵磊, 孙丽). */
	public static void employees(JdbcClient jdbc) {
		jdbc.sql("truncate employee restart identity").update();
		jdbc.sql("""
				insert into employee (name, gender, age, department, position, hire_date, salary, avatar,
				                      created_at, updated_at, deleted) values
				  ('张伟', '男', 35, '研发部', 'Java开发工程师', '2019-03-15', 25000.00, 'https://avatars.example.com/1.png',
				   '2024-05-06 07:08:09+08', '2024-06-01 10:00:00+08', false),
				  ('王芳', '女', 29, '研发部', '前端开发工程师', '2021-07-01', 18000.50, null,
				   '2024-05-06 07:08:09+08', '2024-05-06 07:08:09+08', false),
				  ('李娜', '女', 41, '财务部', '财务经理', '2015-01-05', 32000.00, null,
				   '2024-05-06 07:08:09+08', '2024-05-06 07:08:09+08', false),
				  ('刘洋', '男', 26, '研发部', 'Java开发工程师', '2023-02-20', 15000.00, null,
				   '2024-05-06 07:08:09+08', '2024-05-06 07:08:09+08', false),
				  ('陈静', '女', 33, '人力资源部', 'HRBP', '2020-11-11', 16000.00, null,
				   '2024-05-06 07:08:09+08', '2024-05-06 07:08:09+08', false),
				  ('赵磊', '男', 30, '研发部', 'Java开发工程师', '2020-01-01', 20000.00, null,
				   '2024-05-06 07:08:09+08', '2024-05-06 07:08:09+08', true),
				  ('周杰', '男', 45, '销售部', '销售总监', '2012-06-18', 45000.00, null,
				   '2024-05-06 07:08:09+08', '2024-05-06 07:08:09+08', false),
				  ('孙丽', '女', 38, '财务部', '会计', '2018-08-08', 12000.00, null,
				   '2024-05-06 07:08:09+08', '2024-05-06 07:08:09+08', true)
				""").update();
	}

	/** Five live users and one soft-deleted one (chenjing). */
	public static void users(JdbcClient jdbc) {
		// Notifications and preferences refer to users: they go with them.
		jdbc.sql("truncate {jobs}.notification, {jobs}.notification_preference, api_token, app_user restart identity").update();
		jdbc.sql("""
				insert into app_user (username, display_name, email, role, status, password_hash,
				                      created_at, updated_at, deleted) values
				  ('admin', '系统管理员', 'admin@example.com', 'SUPER_ADMIN', 'ACTIVE', '{noop}secret',
				   '2024-01-02 03:04:05+08', '2024-01-02 03:04:05+08', false),
				  ('zhangwei', '张伟', 'zhangwei@example.com', 'MANAGER', 'ACTIVE', null,
				   '2024-01-02 03:04:05+08', '2024-01-02 03:04:05+08', false),
				  ('wangfang', '王芳', 'wangfang@example.com', 'USER', 'ACTIVE', null,
				   '2024-01-02 03:04:05+08', '2024-01-02 03:04:05+08', false),
				  ('liuyang', '刘洋', 'liuyang@example.com', 'USER', 'DISABLED', null,
				   '2024-01-02 03:04:05+08', '2024-01-02 03:04:05+08', false),
				  ('chenjing', '陈静', 'chenjing@example.com', 'USER', 'ACTIVE', null,
				   '2024-01-02 03:04:05+08', '2024-01-02 03:04:05+08', true),
				  ('zhoujie', '周杰', 'zhoujie@example.com', 'MANAGER', 'DISABLED', null,
				   '2024-01-02 03:04:05+08', '2024-01-02 03:04:05+08', false)
				""").update();
	}

}
