package dev.jobs.core.job;

import javax.sql.DataSource;

import dev.jobs.core.PlatformSchema;

import org.springframework.jdbc.core.simple.JdbcClient;

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

	/**
	 * @param engineConnections the engine's pool, or the application's when it shares it
	 * @param schema where the job tables are
	 */
	public EngineJobStore(DataSource engineConnections, PlatformSchema schema) {
		this(schema.jdbcClient(engineConnections));
	}

	private EngineJobStore(JdbcClient jdbc) {
		super(jdbc);
		this.claims = new JobClaims(jdbc);
		this.attemptEnds = new AttemptEnds(jdbc);
		this.outbox = new OutboxRows(jdbc);
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

}
