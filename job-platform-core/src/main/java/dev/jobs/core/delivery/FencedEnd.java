package dev.jobs.core.delivery;

import java.util.Optional;
import java.util.UUID;

import dev.jobs.core.job.AttemptEnd;
import dev.jobs.core.job.JobStateMachine.Transition;
import dev.jobs.core.job.EngineJobStore;

/**
 * Applies a decided end of an attempt with the attempt's fence, as the worker and the lease reaper
 * both do. A fenced end that matches nothing was either taken over (another attempt, another worker)
 * or refused by a cancel request that arrived meanwhile: a retry or a hand-back then ends the job
 * cancelled instead; any other end is simply no longer ours to record.
 */
final class FencedEnd {

	private FencedEnd() {
	}

	/**
	 * @return the end as applied (cancelled instead, if a cancel request arrived meanwhile), or
	 * {@code null} if the attempt is no longer the caller's
	 */
	static AttemptEnd apply(EngineJobStore store, UUID jobId, int attempt, AttemptEnd end) {
		if (store.attemptEnds().endAttempt(jobId, attempt, end)) {
			return end;
		}
		Optional<AttemptEnd> instead = insteadOfRefused(end);
		if (instead.isPresent() && store.attemptEnds().endAttempt(jobId, attempt, instead.get())) {
			return instead.get();
		}
		return null;
	}

	/**
	 * What to try when the fence refused {@code end}: for a retry or a hand-back, the same end as a
	 * cancellation (the job's cancel request arrived meanwhile, and a cancelled job is neither
	 * retried nor handed back); nothing for any other end.
	 */
	static Optional<AttemptEnd> insteadOfRefused(AttemptEnd end) {
		return (end.retries() || end.transition() == Transition.HAND_BACK) ? Optional.of(end.asCancelled())
				: Optional.empty();
	}

}
