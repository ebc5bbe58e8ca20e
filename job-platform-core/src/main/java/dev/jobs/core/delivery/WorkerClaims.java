package dev.jobs.core.delivery;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import dev.jobs.core.job.JobMessage;
import dev.jobs.core.job.EngineJobStore;
import dev.jobs.core.job.JobClaims.ClaimResult;
import dev.jobs.core.job.ClaimedJob;
import dev.jobs.core.job.JobTypeRegistry;
import dev.jobs.core.job.LimitedClaims;
import dev.jobs.core.job.Payloads;
import dev.jobs.core.job.RegisteredJobType;

/**
 * This worker's claims: made with one fenced statement under its worker id and lease, and held in
 * the running set from the claim until the outcome is committed, so the heartbeat renews their
 * leases meanwhile. A claim id names one claim statement: retried after an ambiguous commit, it
 * recognises its own wins instead of burning them.
 */
final class WorkerClaims {

	private final EngineJobStore store;

	private final JobTypeRegistry registry;

	private final Payloads payloads;

	private final RunningJobs running;

	private final String workerId;

	private final Duration lease;

	private final ClaimLimits limits;

	WorkerClaims(EngineJobStore store, JobTypeRegistry registry, Payloads payloads, RunningJobs running, String workerId,
			Duration lease) {
		this(store, registry, payloads, running, workerId, lease, new ClaimLimits());
	}

	/** @param limits which types' claims are limited across the cluster on this instance (shared with its workers) */
	WorkerClaims(EngineJobStore store, JobTypeRegistry registry, Payloads payloads, RunningJobs running, String workerId,
			Duration lease, ClaimLimits limits) {
		this.limits = limits;
		this.store = store;
		this.registry = registry;
		this.payloads = payloads;
		this.running = running;
		this.workerId = workerId;
		this.lease = lease;
	}

	ClaimResult claim(JobMessage message, UUID claimId) {
		return store.claims().claim(message, workerId, claimId, lease);
	}

	/** A claim of a type limited across the cluster; see {@link LimitedClaims}. */
	LimitedClaims.Verdict claimWithinLimits(JobMessage message, UUID claimId, RegisteredJobType type) {
		return store.limitedClaims().claim(message, workerId, claimId, lease, type.settings().globalConcurrency(),
				type.settings().rateLimit());
	}

	/**
	 * A batch of a type limited across the cluster, claimed whole if it fits; {@code null} if not (claim its
	 * deliveries one at a time then). See {@link LimitedClaims#claimAllIfRoom}.
	 */
	List<ClaimResult> claimAllWithinLimits(List<JobMessage> messages, UUID claimId, RegisteredJobType type) {
		return store.limitedClaims().claimAllIfRoom(messages, workerId, claimId, lease,
				type.settings().globalConcurrency(), type.settings().rateLimit());
	}

	/** One statement for the deliveries of a batch; the answers come in the order of the messages. */
	List<ClaimResult> claimAll(List<JobMessage> messages, UUID claimId) {
		return store.claims().claimAll(messages, workerId, claimId, lease);
	}

	/**
	 * A won claim becomes an attempt running on the calling (consumer) thread; from now on the
	 * heartbeat renews its lease.
	 */
	RunningJob hold(ClaimedJob job, RegisteredJobType type) {
		RunningJob run = new RunningJob(job, type, Thread.currentThread(), store, registry, payloads);
		running.add(run);
		return run;
	}

	/** Its outcome is committed (or no longer ours): its lease needs no renewal any more. */
	void release(RunningJob run) {
		running.remove(run);
	}

	RunningJobs running() {
		return running;
	}

	ClaimLimits limits() {
		return limits;
	}

}
