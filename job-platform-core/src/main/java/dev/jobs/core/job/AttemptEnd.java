package dev.jobs.core.job;

import java.time.Duration;

import dev.jobs.core.job.JobStateMachine.Transition;

/**
 * How one attempt ends: the transition out of {@code RUNNING}, what the attempt history records,
 * and, for a retry, the delay before the next attempt.
 */
public record AttemptEnd(Transition transition, AttemptOutcome outcome, String error, String stackTrace,
		String resultJson, Duration delay) {

	public AttemptEnd {
		if (!transition.from().contains(dev.jobs.core.JobStatus.RUNNING)) {
			throw new IllegalArgumentException(transition + " does not end an attempt");
		}
		if (transition == Transition.SCHEDULE_RETRY && delay == null) {
			throw new IllegalArgumentException("a retry needs a delay");
		}
	}

	public static AttemptEnd succeeded(String resultJson) {
		return new AttemptEnd(Transition.SUCCEED, AttemptOutcome.SUCCEEDED, null, null, resultJson, null);
	}

	/** The same ending, as a cancellation: for a job whose cancel request arrived meanwhile. */
	public AttemptEnd asCancelled() {
		AttemptOutcome cancelledOutcome = (outcome == AttemptOutcome.HANDED_BACK) ? AttemptOutcome.CANCELLED : outcome;
		return new AttemptEnd(Transition.STOP_CANCELLED, cancelledOutcome, error, stackTrace, null, null);
	}

	public boolean retries() {
		return transition == Transition.SCHEDULE_RETRY;
	}

	public boolean failsForGood() {
		return transition == Transition.FAIL;
	}

}
