package dev.jobs.core;

import java.util.regex.Pattern;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The PostgreSQL schema the platform's tables live in ({@code jobs.schema.name}, default {@value #DEFAULT_NAME}),
 * apart from the application's own tables, and the one place its name enters SQL.
 *
 * <p>Every statement of the platform and of its modules names a table by {@value #PLACEHOLDER} and the table, e.g.
 * {@code update {jobs}.job set ...}, and is sent through {@link #jdbcClient(DataSource)} or {@link #sql(String)},
 * which replace the placeholder with the schema's name (as JobRunr prefixes its table names in one class). Nothing
 * changes the connections' {@code search_path}: the application's statements and ours share its connections and
 * transactions (a submission joins the caller's), so a statement that forgot the placeholder is a syntax error,
 * and one that named a table without its schema finds no table (the tests' {@code search_path} leaves the schema
 * out), rather than a table of the application's of the same name.
 */
public final class PlatformSchema {

	/** The schema's name unless {@code jobs.schema.name} says otherwise. */
	public static final String DEFAULT_NAME = "jobs";

	/** How SQL names the platform's schema: {@code {jobs}.job}. */
	public static final String PLACEHOLDER = "{jobs}";

	// Lower case only: Flyway and these statements quote the name, while PostgreSQL folds every unquoted name to
	// lower case (an operator's psql, a migration's own SQL), so "Jobs" would be a schema that jobs never finds.
	private static final Pattern PLAIN_IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

	private final String name;

	private final String qualifier;

	private PlatformSchema(String name) {
		this.name = name;
		this.qualifier = '"' + name + "\".";
	}

	/**
	 * The schema of this name.
	 * @throws IllegalArgumentException if the name is not a plain SQL identifier (lower-case letters, digits and
	 * underscores, not starting with a digit, at most 63 characters, not starting with {@code pg_})
	 */
	public static PlatformSchema named(String name) {
		if (name == null || !PLAIN_IDENTIFIER.matcher(name).matches() || name.startsWith("pg_")) {
			throw new IllegalArgumentException("jobs.schema.name must be a plain SQL identifier: lower-case letters, "
					+ "digits and underscores, not starting with a digit or pg_, at most 63 characters (default "
					+ DEFAULT_NAME + "; public keeps the tables of an installation that has them there), not '"
					+ name + "'");
		}
		return new PlatformSchema(name);
	}

	/** The schema {@value #DEFAULT_NAME}. */
	public static PlatformSchema defaultSchema() {
		return named(DEFAULT_NAME);
	}

	/** The schema's name, e.g. {@code jobs}. */
	public String name() {
		return name;
	}

	/** The statement with every {@code {jobs}.} replaced by the schema's (quoted) name. */
	public String sql(String statement) {
		return statement.replace(PLACEHOLDER + ".", qualifier);
	}

	/** A {@link JdbcClient} on these connections whose statements name the platform's tables by {@code {jobs}.}. */
	public JdbcClient jdbcClient(DataSource dataSource) {
		return qualifying(JdbcClient.create(dataSource));
	}

	/** A {@link JdbcClient} over this template whose statements name the platform's tables by {@code {jobs}.}. */
	public JdbcClient jdbcClient(JdbcOperations jdbc) {
		return qualifying(JdbcClient.create(jdbc));
	}

	private JdbcClient qualifying(JdbcClient client) {
		return statement -> client.sql(sql(statement));
	}

	@Override
	public String toString() {
		return name;
	}

}
