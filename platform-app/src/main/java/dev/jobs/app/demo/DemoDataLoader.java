package dev.jobs.app.demo;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;

import javax.sql.DataSource;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Fills the {@code employee} and {@code app_user} tables with generated rows, through
 * PostgreSQL's {@code COPY ... FROM STDIN}: rows are generated and sent in chunks, so a million
 * employees load in seconds and in little memory.
 */
public class DemoDataLoader {

	private static final Logger log = LoggerFactory.getLogger(DemoDataLoader.class);

	/** Bytes of COPY text sent per round trip. */
	private static final int CHUNK = 256 * 1024;

	private static final String EMPLOYEE_COPY = "copy employee (name, gender, age, department, position, hire_date, salary, "
			+ "avatar, created_at, updated_at, deleted) from stdin";

	private static final String USER_COPY = "copy app_user (username, display_name, email, role, status, created_at, "
			+ "updated_at, deleted) from stdin";

	private final DataSource dataSource;

	private final JdbcClient jdbc;

	private final TransactionTemplate transaction;

	private final long seed;

	private final double deletedRatio;

	public DemoDataLoader(DataSource dataSource, PlatformTransactionManager transactionManager, long seed,
			double deletedRatio) {
		this.dataSource = dataSource;
		this.jdbc = JdbcClient.create(dataSource);
		this.transaction = new TransactionTemplate(transactionManager);
		this.seed = seed;
		this.deletedRatio = deletedRatio;
	}

	/** What was loaded. */
	public record Loaded(long employees, long users, long millis) {
	}

	/**
	 * Loads demo rows into each of the two tables that is empty; a table with rows is left alone.
	 * Safe when several instances start at once: one loads, the others find the tables filled.
	 */
	public Loaded loadIfEmpty(int employees, int users) {
		long started = System.nanoTime();
		Loaded loaded = transaction.execute(status -> {
			jdbc.sql("select pg_advisory_xact_lock(hashtext('jobs-demo-data'))").query().singleValue();
			long e = isEmpty("employee") ? copyEmployees(employees) : 0;
			long u = isEmpty("app_user") ? copyUsers(users) : 0;
			return new Loaded(e, u, 0);
		});
		long millis = (System.nanoTime() - started) / 1_000_000;
		if (loaded.employees() > 0 || loaded.users() > 0) {
			log.info("Demo data: loaded {} employees and {} users in {} ms", loaded.employees(), loaded.users(), millis);
		}
		else {
			log.info("Demo data: employee and app_user already have rows; nothing loaded");
		}
		return new Loaded(loaded.employees(), loaded.users(), millis);
	}

	/** Adds {@code count} generated employees, whatever the table holds. */
	public long insertEmployees(int count) {
		return transaction.execute(status -> copyEmployees(count));
	}

	/** Adds {@code count} generated users, whatever the table holds. */
	public long insertUsers(int count) {
		return transaction.execute(status -> copyUsers(count));
	}

	private boolean isEmpty(String table) {
		return !jdbc.sql("select exists (select 1 from " + table + ")").query(Boolean.class).single();
	}

	private long copyEmployees(int count) {
		DemoData data = new DemoData(seed, LocalDate.now());
		return copy(EMPLOYEE_COPY, count, (line, n) -> data.employee(line, n, deletedRatio));
	}

	private long copyUsers(int count) {
		// Continue the numbering, so that user names stay unique when rows are added.
		long offset = jdbc.sql("select count(*) from app_user").query(Long.class).single();
		DemoData data = new DemoData(seed + offset, LocalDate.now());
		return copy(USER_COPY, count, (line, n) -> data.user(line, offset + n, deletedRatio));
	}

	private interface Line {

		void append(StringBuilder line, int n);

	}

	/** Streams generated lines into COPY; runs in the caller's transaction. */
	private long copy(String sql, int count, Line generator) {
		if (count < 0) {
			throw new IllegalArgumentException("Cannot load a negative number of rows: " + count);
		}
		Connection connection = DataSourceUtils.getConnection(dataSource);
		try {
			CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(sql);
			try {
				StringBuilder chunk = new StringBuilder(CHUNK + 1024);
				for (int n = 1; n <= count; n++) {
					generator.append(chunk, n);
					if (chunk.length() >= CHUNK) {
						write(copy, chunk);
					}
				}
				write(copy, chunk);
				return copy.endCopy();
			}
			finally {
				if (copy.isActive()) {
					copy.cancelCopy();
				}
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not load demo data (" + sql.substring(0, sql.indexOf('(')).strip()
					+ "): " + ex.getMessage(), ex);
		}
		finally {
			DataSourceUtils.releaseConnection(connection, dataSource);
		}
	}

	private static void write(CopyIn copy, StringBuilder chunk) throws SQLException {
		if (chunk.isEmpty()) {
			return;
		}
		byte[] bytes = chunk.toString().getBytes(StandardCharsets.UTF_8);
		copy.writeToCopy(bytes, 0, bytes.length);
		chunk.setLength(0);
	}

}
