package dev.jobs.core.job;

import javax.sql.DataSource;

import dev.jobs.core.PlatformSchema;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The job tables on the engine's own connections (the delivery package's {@code EngineDatabase} creates the one
 * instance; it is never a bean, so nothing injects it by accident): claims and their leases, attempt ends and
 * progress, the outbox's confirm marks and relay scans, and the follow-ups submitted as a job ends, in the
 * transaction that records the end.
 */
public class EngineJobStore extends JobStore {

	private final JobClaims claims;

	private final AttemptEnds attemptEnds;

	private final OutboxRows outbox;

	private final LimitedClaims limitedClaims;

	/**
	 * @param engineConnections the engine's pool, or the application's when it shares it
	 * @param schema where the job tables are
	 */
	public EngineJobStore(DataSource engineConnections, PlatformSchema schema) {
		this(schema.jdbcClient(engineConnections),
				new TransactionTemplate(new DataSourceTransactionManager(engineConnections)));
	}

	private EngineJobStore(JdbcClient jdbc, TransactionTemplate transaction) {
		super(jdbc);
		this.claims = new JobClaims(jdbc);
		this.attemptEnds = new AttemptEnds(jdbc);
		this.outbox = new OutboxRows(jdbc);
		this.limitedClaims = new LimitedClaims(jdbc, transaction, claims);
	}

	public JobClaims claims() {
		return claims;
	}

	public AttemptEnds attemptEnds() {
		return attemptEnds;
	}

	public OutboxRows outbox() {
		return outbox;
	}

	/** Claims of types limited across the cluster. */
	public LimitedClaims limitedClaims() {
		return limitedClaims;
	}

}
