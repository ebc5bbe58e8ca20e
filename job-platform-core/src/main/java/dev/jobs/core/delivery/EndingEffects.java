package dev.jobs.core.delivery;

import java.util.List;
import java.util.UUID;

import dev.jobs.core.JobStatus;
import dev.jobs.core.job.ClaimedJob;
import dev.jobs.core.job.DefaultJobClient;
import dev.jobs.core.job.JobEndings;
import dev.jobs.core.job.EngineJobStore;

import org.springframework.transaction.TransactionStatus;

/**
 * What the end of an attempt sets off inside the transaction that records it, on the engine's
 * connections: the follow-up jobs its handler submitted, and the application's end listeners (whose
 * own follow-up jobs are submitted there too). Both exist if and only if the end is recorded.
 *
 * <p>Follow-up jobs are inserted by a client of the engine's own, whatever {@code JobClient} the
 * application brings, so they join the transaction on the engine's connection.
 */
final class EndingEffects {

	private final EngineJobStore store;

	private final DefaultJobClient followUps;

	private final JobEndings endings;

	EndingEffects(EngineJobStore store, DefaultJobClient followUps, JobEndings endings) {
		this.store = store;
		this.followUps = followUps;
		this.endings = endings;
	}

	/** Whether any end listener is about jobs of this type ending in this status. */
	boolean anyListenerAbout(String type, JobStatus status) {
		return endings.anyAbout(type, status);
	}

	/** Submits the follow-up jobs a handler asked for, in the transaction that records its success. */
	void submitFollowUps(List<RunningJob.FollowUp> requested) {
		requested.forEach(f -> {
			if (f.batchId() != null) {
				followUps.addToBatchWithin(store, f.batchId(), f.type(), f.payload(), f.options(), f.traceContext());
			}
			else {
				followUps.submitWithin(store, f.type(), f.payload(), f.options(), f.traceContext());
			}
		});
	}

	/** Resolves waiting jobs whose dependencies' ends did not (see {@link AwaitingSweep}), in {@code transaction}. */
	int sweep(int limit, TransactionStatus transaction) {
		return endings.sweep(store, limit, transaction, followUps::submitWithin);
	}

	/** Jobs whose successes were recorded together, in {@code transaction}: what waits for them. */
	void succeededTogether(List<JobEndings.Claim> jobs, TransactionStatus transaction) {
		endings.succeededTogether(store, jobs, transaction, followUps::submitWithin);
	}

	/** A claimed job ended, in {@code transaction}: what waits for it, as its claim read that, and the listeners. */
	void ended(ClaimedJob job, JobStatus status, TransactionStatus transaction) {
		endings.ended(store, claim(job), status, transaction, followUps::submitWithin);
	}

	static JobEndings.Claim claim(ClaimedJob job) {
		return new JobEndings.Claim(job.id(), job.type(), job.batchId(), job.batchShard(), job.hasDependents());
	}

	/** A job ended, in {@code transaction}: tells the application's end listeners. */
	void ended(UUID id, String type, JobStatus status, TransactionStatus transaction) {
		endings.ended(store, id, type, status, transaction, followUps::submitWithin);
	}

}
