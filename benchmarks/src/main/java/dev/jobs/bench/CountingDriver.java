package dev.jobs.bench;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Logger;

/**
 * A JDBC driver for {@code jdbc:counting:postgresql://…} that hands everything to PostgreSQL's driver and counts
 * the statements the platform sends and the transactions it commits: PostgreSQL 15 counts neither per database
 * without {@code pg_stat_statements} preloaded, and the benchmark may not change the server's configuration.
 * Only the benchmark's own application data source uses it (the engine's pool copies its URL), so the
 * benchmark's polling, on a plain connection, is not counted.
 */
public final class CountingDriver implements Driver {

	static final String PREFIX = "jdbc:counting:";

	static final LongAdder STATEMENTS = new LongAdder();

	static final LongAdder COMMITS = new LongAdder();

	static {
		try {
			DriverManager.registerDriver(new CountingDriver());
		}
		catch (SQLException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	static void reset() {
		STATEMENTS.reset();
		COMMITS.reset();
	}

	@Override
	public Connection connect(String url, Properties info) throws SQLException {
		if (!acceptsURL(url)) {
			return null;
		}
		Connection real = DriverManager.getConnection("jdbc:" + url.substring(PREFIX.length()), info);
		return proxy(Connection.class, real, (target, method, args) -> {
			Object result = invoke(target, method, args);
			String name = method.getName();
			if (name.equals("commit")) {
				COMMITS.increment();
			}
			if (result instanceof Statement statement && !(result instanceof Proxy)) {
				Class<? extends Statement> kind = (result instanceof java.sql.CallableStatement)
						? java.sql.CallableStatement.class
						: (result instanceof java.sql.PreparedStatement) ? java.sql.PreparedStatement.class : Statement.class;
				return proxy(kind, statement, CountingDriver::countExecute);
			}
			return result;
		});
	}

	private static Object countExecute(Object target, Method method, Object[] args) throws Throwable {
		if (method.getName().startsWith("execute")) {
			STATEMENTS.increment();
			if (((Statement) target).getConnection().getAutoCommit()) {
				COMMITS.increment();
			}
		}
		return invoke(target, method, args);
	}

	private interface Handler {

		Object handle(Object target, Method method, Object[] args) throws Throwable;

	}

	@SuppressWarnings("unchecked")
	private static <T> T proxy(Class<T> type, Object target, Handler handler) {
		InvocationHandler h = (p, method, args) -> {
			if (method.getName().equals("unwrap") && args != null && args[0] instanceof Class<?> c && c.isInstance(target)) {
				return target;
			}
			if (method.getName().equals("isWrapperFor") && args != null && args[0] instanceof Class<?> c
					&& c.isInstance(target)) {
				return true;
			}
			return handler.handle(target, method, args);
		};
		return (T) Proxy.newProxyInstance(CountingDriver.class.getClassLoader(), new Class<?>[] { type }, h);
	}

	private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
		try {
			return method.invoke(target, args);
		}
		catch (InvocationTargetException ex) {
			throw ex.getCause();
		}
	}

	@Override
	public boolean acceptsURL(String url) {
		return url != null && url.startsWith(PREFIX);
	}

	@Override
	public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
		return new DriverPropertyInfo[0];
	}

	@Override
	public int getMajorVersion() {
		return 1;
	}

	@Override
	public int getMinorVersion() {
		return 0;
	}

	@Override
	public boolean jdbcCompliant() {
		return false;
	}

	@Override
	public Logger getParentLogger() throws SQLFeatureNotSupportedException {
		throw new SQLFeatureNotSupportedException();
	}

}
