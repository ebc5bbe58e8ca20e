package dev.jobs.core.schema;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import org.postgresql.ds.PGSimpleDataSource;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A database of a test's own, empty at every run (dropped and created again), beside the suite's: what it holds
 * before the platform starts is the test's to say.
 */
final class ApplicationDatabase {

	private static final String HOST = env("JOBS_DB_HOST", "127.0.0.1");

	private static final String PORT = env("JOBS_DB_PORT", "5432");

	private final String name;

	private ApplicationDatabase(String name) {
		this.name = name;
	}

	/** The suite's database name with this suffix, e.g. {@code jobs_test_own_schema}. */
	static ApplicationDatabase fresh(String suffix) throws SQLException {
		ApplicationDatabase database = new ApplicationDatabase(env("JOBS_TEST_DB_NAME", "jobs_test") + suffix);
		try (Connection admin = connect("postgres"); Statement sql = admin.createStatement()) {
			sql.execute("drop database if exists " + database.name + " with (force)");
			sql.execute("create database " + database.name);
		}
		return database;
	}

	/** Runs the application's own statements in it, before the platform ever started on it. */
	ApplicationDatabase with(String... statements) throws SQLException {
		try (Connection connection = connect(name); Statement sql = connection.createStatement()) {
			for (String statement : statements) {
				sql.execute(statement);
			}
		}
		return this;
	}

	/** The context's DataSource on this database, and a broker prefix of its own. */
	void register(DynamicPropertyRegistry properties, String prefixSuffix) {
		properties.add("spring.datasource.url", this::url);
		properties.add("jobs.broker.prefix", () -> env("JOBS_TEST_BROKER_PREFIX", "jobs-test") + prefixSuffix);
	}

	/** Plain connections, as the application's own code has them: nothing of the platform's on them. */
	DataSource dataSource() {
		PGSimpleDataSource dataSource = new PGSimpleDataSource();
		dataSource.setUrl(url());
		dataSource.setUser(env("JOBS_DB_USER", "postgres"));
		dataSource.setPassword(env("JOBS_DB_PASSWORD", ""));
		return dataSource;
	}

	private String url() {
		return "jdbc:postgresql://" + HOST + ":" + PORT + "/" + name;
	}

	private static Connection connect(String database) throws SQLException {
		return DriverManager.getConnection("jdbc:postgresql://" + HOST + ":" + PORT + "/" + database,
				env("JOBS_DB_USER", "postgres"), env("JOBS_DB_PASSWORD", ""));
	}

	private static String env(String name, String fallback) {
		String value = System.getenv(name);
		return (value != null && !value.isBlank()) ? value : fallback;
	}

}
