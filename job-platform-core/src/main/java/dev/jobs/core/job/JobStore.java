package dev.jobs.core.job;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The statements on the job tables ({@code job}, {@code job_attempt}) over one connection pool, grouped along a
 * job's life; no SQL on these tables exists outside this package. Two kinds exist, of two types, so the one a
 * class needs is the one its constructor names:
 * <ul>
 * <li>{@link ApplicationJobStore}, on the application's {@code DataSource} (a bean): submissions join the
 * caller's transaction; reads, cancel and retry, deletes and retention.</li>
 * <li>{@link EngineJobStore}, on the engine's own small pool (held by the delivery package's
 * {@code EngineDatabase}, never a bean): claims, attempt ends, heartbeats and the relay, so they never queue
 * behind handlers that hold the application's connections for minutes.</li>
 * </ul>
 * What both do is here: a submission's statements and the reads, on the store's connections and so in its
 * current transaction (follow-ups of an ending are submitted, and the ended job read, in the ending's).
 *
 * <p>Every status change is one conditional {@code UPDATE} guarded by a {@link JobStateMachine.Transition}: it
 * either applies entirely or matches no row, so two workers, a worker and the lease reaper, or a person and a
 * worker can race without ever half-applying a change. Time is always the database's {@code now()}.
 */
public abstract class JobStore {

	private final JobSubmissions submissions;

	private final JobReads reads;

	private final AwaitingJobs awaiting;

	private final BatchRows batches;

	JobStore(JdbcClient jdbc) {
		this.submissions = new JobSubmissions(jdbc);
		this.reads = new JobReads(jdbc);
		this.awaiting = new AwaitingJobs(jdbc);
		this.batches = new BatchRows(jdbc);
	}

	/** The statements of jobs that wait for others: dependencies, release, cancel, wait again. */
	AwaitingJobs awaiting() {
		return awaiting;
	}

	/** The statements on a batch's tables. */
	BatchRows batches() {
		return batches;
	}

	/** The statements of a submission: insert, idempotency-key lookup, the active-limit count. */
	JobSubmissions submissions() {
		return submissions;
	}

	public JobReads reads() {
		return reads;
	}

}
