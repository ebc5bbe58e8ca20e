package dev.jobs.core.delivery;

import java.time.Duration;

import dev.jobs.core.job.RegisteredJobType;

/**
 * The delay before a retry, as the broker will really wait it: the type's backoff after the n-th
 * failed attempt, rounded to the retry tier its message waits in. The worker and the lease reaper
 * both ask it, so a job's history shows the delay it actually got.
 */
final class RetryDelays {

	private final JobTopology topology;

	RetryDelays(JobTopology topology) {
		this.topology = topology;
	}

	/** @param failedInBudget failed attempts of the current budget, 1-based */
	Duration after(RegisteredJobType type, int failedInBudget) {
		Duration backoff = type.backoffAfter(failedInBudget);
		return topology.tierFor(backoff).map(JobTopology.Tier::delay).orElse(backoff);
	}

}
