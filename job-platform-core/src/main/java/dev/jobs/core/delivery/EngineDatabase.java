package dev.jobs.core.delivery;

import java.util.Properties;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import dev.jobs.core.PlatformSchema;
import dev.jobs.core.job.EngineJobStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.ClassUtils;

/**
 * The engine's own connections: claims, completions, heartbeats, progress and the relay run on a
 * small pool of their own, so they never queue behind handlers that hold the application's
 * connections for minutes (an export streaming a table). A busy instance that could not get a
 * connection for its heartbeat would have its live jobs reaped by others.
 *
 * <p>The pool copies the application's Hikari settings (URL, credentials, driver properties).
 * With another kind of {@code DataSource}, or {@code jobs.engine.pool-size=0}, the engine shares
 * the application's pool and says so at start-up.
 *
 * <p>Public only for the core's white-box tests, which read and end jobs on the engine's own connections.
 * Other modules may not use it (the SPI rule of {@code JobPlatformArchitecture}).
 */
public final class EngineDatabase {

	private static final Logger log = LoggerFactory.getLogger(EngineDatabase.class);

	private final DataSource dataSource;

	private final boolean owned;

	private final EngineJobStore store;

	private final TransactionTemplate transaction;

	private EngineDatabase(DataSource dataSource, boolean owned, PlatformSchema schema) {
		this.dataSource = dataSource;
		this.owned = owned;
		this.store = new EngineJobStore(dataSource, schema);
		this.transaction = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
	}

	static EngineDatabase create(DataSource application, int poolSize, PlatformSchema schema) {
		if (poolSize > 0 && ClassUtils.isPresent("com.zaxxer.hikari.HikariDataSource", null)) {
			DataSource own = Hikari.copy(application, poolSize);
			if (own != null) {
				log.info("Job engine uses a pool of its own ({} connections, jobs.engine.pool-size)", poolSize);
				return new EngineDatabase(own, true, schema);
			}
		}
		log.info("Job engine shares the application's DataSource ({}); its heartbeats can wait behind handlers "
				+ "holding connections. Use a Hikari DataSource and jobs.engine.pool-size > 0 to give it its own",
				(poolSize > 0) ? "not a Hikari pool" : "jobs.engine.pool-size=0");
		return new EngineDatabase(application, false, schema);
	}

	public EngineJobStore store() {
		return store;
	}

	public TransactionTemplate transaction() {
		return transaction;
	}

	void close() {
		if (owned && dataSource instanceof AutoCloseable closeable) {
			try {
				closeable.close();
			}
			catch (Exception ex) {
				log.debug("Closing the engine's pool: {}", ex.getMessage());
			}
		}
	}

	/**
	 * PostgreSQL's {@code options} for the engine's connections: a plan for each execution
	 * ({@code plan_cache_mode=force_custom_plan}). Every engine statement that names many jobs joins the
	 * job table with arrays of ids; a plan cached while the table was empty or unanalysed (a new
	 * database, a bulk load, a truncate) keeps scanning the whole table once per id: a confirm mark of
	 * 1,000 jobs took 12 s on a 20,000-row table where a plan for its real arrays takes 70 ms, holding
	 * its row locks, and the claims queued behind it. Planning each execution costs about a
	 * millisecond per statement, and a statement names up to a batch of jobs.
	 */
	static String withCustomPlans(String options) {
		String custom = "-c plan_cache_mode=force_custom_plan";
		return (options == null || options.isBlank()) ? custom : options + " " + custom;
	}

	/** Kept apart so that HikariCP is only loaded when present. */
	private static final class Hikari {

		static DataSource copy(DataSource application, int poolSize) {
			HikariDataSource app;
			try {
				app = application.unwrap(HikariDataSource.class);
			}
			catch (Exception ex) {
				return null;
			}
			if (app == null || app.getJdbcUrl() == null || app.getDataSource() != null) {
				return null;
			}
			HikariDataSource own = new HikariDataSource();
			own.setPoolName("jobs-engine");
			own.setJdbcUrl(app.getJdbcUrl());
			own.setUsername(app.getUsername());
			own.setPassword(app.getPassword());
			if (app.getDriverClassName() != null) {
				own.setDriverClassName(app.getDriverClassName());
			}
			Properties properties = new Properties();
			properties.putAll(app.getDataSourceProperties());
			properties.setProperty("options", withCustomPlans(properties.getProperty("options")));
			own.setDataSourceProperties(properties);
			own.setConnectionTimeout(app.getConnectionTimeout());
			own.setMaximumPoolSize(poolSize);
			own.setMinimumIdle(Math.min(2, poolSize));
			return own;
		}

	}

}
