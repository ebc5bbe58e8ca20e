package dev.jobs.types.operationlog;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import dev.jobs.core.PlatformSchema;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Deletes entries older than {@code jobs.operation-log.retention}, so a signed-in user's calls cannot
 * grow the table without bound. The delete goes in batches of {@code retention-batch-size} (5,000),
 * oldest first along the {@code operation_log_time} index, each batch its own short transaction: it
 * never holds locks for long, and inserts (which touch other rows) go on. Each batch first takes a
 * transaction-scoped advisory lock without waiting: while one instance deletes a batch, the others
 * skip their round, so instances never delete the same rows at once.
 */
class OperationLogRetention implements InitializingBean, DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(OperationLogRetention.class);

	/** The advisory lock's key: one retention delete at a time across instances. */
	static final String LOCK_KEY = "jobs-operation-log-retention";

	/**
	 * One batch: the oldest expired ids along the time index, locked (rows another instance holds are
	 * skipped), then deleted by primary key: {@code = ANY(ARRAY(...))} keeps the planner from hashing
	 * the whole table to join the batch.
	 */
	static final String DELETE = """
			DELETE FROM {jobs}.operation_log WHERE id = ANY(ARRAY(
			    SELECT id FROM {jobs}.operation_log
			    WHERE occurred_at < ?
			    ORDER BY occurred_at, id
			    LIMIT ?
			    FOR UPDATE SKIP LOCKED))""";


	private final JdbcTemplate jdbc;

	private final String deleteStatement;

	private final OperationLogProperties properties;

	private final Counter deleted;

	private final Clock clock;

	private ScheduledExecutorService scheduler;

	OperationLogRetention(DataSource dataSource, PlatformSchema schema, OperationLogProperties properties,
			MeterRegistry meters, Clock clock) {
		this.jdbc = new JdbcTemplate(dataSource);
		this.deleteStatement = schema.sql(DELETE);
		this.properties = properties;
		this.clock = clock;
		this.deleted = Counter.builder("jobs.operation-log.deleted")
			.description("Operation log entries deleted because they were older than jobs.operation-log.retention")
			.register(meters);
	}

	@Override
	public void afterPropertiesSet() {
		scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
			Thread thread = new Thread(runnable, "operation-log-retention");
			thread.setDaemon(true);
			return thread;
		});
		long interval = properties.getRetentionInterval().toMillis();
		// A first round soon after start, not an interval later: a long-stopped log is trimmed promptly.
		scheduler.scheduleWithFixedDelay(this::runQuietly, Math.min(interval, 60_000), interval, TimeUnit.MILLISECONDS);
	}

	private void runQuietly() {
		try {
			long count = deleteExpired();
			if (count > 0) {
				log.info("Operation log: deleted {} entr(y/ies) older than {} (jobs.operation-log.retention)", count,
						properties.getRetention());
			}
		}
		catch (RuntimeException ex) {
			log.warn("Operation log: could not delete entries older than {} ({}); tried again in {}",
					properties.getRetention(), ex.toString(), properties.getRetentionInterval());
		}
	}

	/**
	 * Deletes every entry older than the retention, batch after batch, until none is left or another
	 * instance holds the lock.
	 * @return the entries this call deleted
	 */
	long deleteExpired() {
		Instant cutoff = clock.instant().minus(properties.getRetention());
		long total = 0;
		while (!Thread.currentThread().isInterrupted()) {
			int batch = deleteBatch(cutoff);
			if (batch < 0) {
				break; // another instance is deleting; it finishes the round
			}
			total += batch;
			deleted.increment(batch);
			if (batch < properties.getRetentionBatchSize()) {
				break;
			}
		}
		return total;
	}

	/** One short transaction; @return the rows deleted, or -1 when another instance holds the lock */
	int deleteBatch(Instant cutoff) {
		Integer count = jdbc.execute((ConnectionCallback<Integer>) connection -> {
			boolean autoCommit = connection.getAutoCommit();
			connection.setAutoCommit(false);
			try {
				try (Statement lock = connection.createStatement();
						ResultSet held = lock.executeQuery(
								"SELECT pg_try_advisory_xact_lock(hashtext('" + LOCK_KEY + "'))")) {
					held.next();
					if (!held.getBoolean(1)) {
						connection.rollback();
						return -1;
					}
				}
				int rows;
				try (PreparedStatement delete = connection.prepareStatement(deleteStatement)) {
					delete.setTimestamp(1, Timestamp.from(cutoff));
					delete.setInt(2, properties.getRetentionBatchSize());
					rows = delete.executeUpdate();
				}
				connection.commit();
				return rows;
			}
			catch (RuntimeException | java.sql.SQLException ex) {
				connection.rollback();
				throw ex;
			}
			finally {
				connection.setAutoCommit(autoCommit);
			}
		});
		return (count != null) ? count : 0;
	}

	/** The plan of one batch, for the benchmark and operators (EXPLAIN, not run). */
	String explain() {
		return String.join("\n", jdbc.queryForList("EXPLAIN " + DELETE, String.class,
				Timestamp.from(clock.instant().minus(properties.getRetention())), properties.getRetentionBatchSize()));
	}

	@Override
	public void destroy() {
		if (scheduler != null) {
			scheduler.shutdownNow();
		}
	}

}
