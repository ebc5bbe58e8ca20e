package dev.jobs.core.job;

import java.time.Duration;
import java.util.function.IntFunction;

import dev.jobs.core.job.JobStateMachine.Transition;

/**
 * The one decision of what follows an attempt that did not succeed: retry, fail, cancelled, or
 * hand back. The worker (a handler threw, timed out, was stopped) and the lease reaper (a worker
 * vanished) both ask here, so the two can never disagree. Pure: no database, no clock.
 */
public final class FailurePolicy {

	private FailurePolicy() {
	}

	/** Why an attempt ended without success. */
	public enum Ending {

		/** The handler threw. */
		THREW,
		/** The handler ran past the type's timeout (and was interrupted, or abandoned after the grace). */
		TIMED_OUT,
		/** The worker stopped renewing its lease (killed, crashed, cut off). */
		LEASE_EXPIRED,
		/** The handler stopped because its cancellation was requested. */
		CANCELLED,
		/** This instance shut down before the attempt ended. */
		SHUTDOWN,
		/**
		 * The claim was given up before its handler started: it waited in a batch behind a handler the
		 * platform gave up on, or its worker died while it waited. Nothing ran, so nothing is counted.
		 */
		NEVER_STARTED

	}

	/**
	 * What ended, as the decision needs it.
	 * @param retryable whether the error allows another attempt (non-retryable exceptions do not)
	 * @param cancelRequested whether someone asked to cancel the job
	 * @param attempt the attempt that ended (1-based, over the job's lifetime)
	 * @param maxAttempts the job's budget (over its lifetime)
	 * @param attemptBase the attempt count when the current budget began (a manual retry)
	 * @param error what the attempt history and {@code lastError} say
	 */
	public record Facts(Ending ending, boolean retryable, boolean cancelRequested, int attempt, int maxAttempts,
			int attemptBase, String error, String stackTrace) {
	}

	/**
	 * @param backoff the delay before the next attempt after the n-th failed attempt of the current
	 * budget (1-based)
	 */
	public static AttemptEnd decide(Facts facts, IntFunction<Duration> backoff) {
		AttemptOutcome outcome = switch (facts.ending()) {
			case THREW -> AttemptOutcome.FAILED;
			case TIMED_OUT -> AttemptOutcome.TIMED_OUT;
			case LEASE_EXPIRED -> AttemptOutcome.LOST;
			case CANCELLED -> AttemptOutcome.CANCELLED;
			case SHUTDOWN, NEVER_STARTED -> AttemptOutcome.HANDED_BACK;
		};
		boolean handedBack = facts.ending() == Ending.SHUTDOWN || facts.ending() == Ending.NEVER_STARTED;
		if (facts.cancelRequested() || facts.ending() == Ending.CANCELLED) {
			AttemptOutcome cancelled = handedBack ? AttemptOutcome.CANCELLED : outcome;
			return new AttemptEnd(Transition.STOP_CANCELLED, cancelled, facts.error(), facts.stackTrace(), null, null);
		}
		if (handedBack) {
			// Not the job's fault: the attempt does not count against its budget.
			return new AttemptEnd(Transition.HAND_BACK, outcome, facts.error(), null, null, null);
		}
		boolean retryable = facts.retryable() || facts.ending() != Ending.THREW;
		if (retryable && facts.attempt() < facts.maxAttempts()) {
			int failedInBudget = Math.max(1, facts.attempt() - facts.attemptBase());
			return new AttemptEnd(Transition.SCHEDULE_RETRY, outcome, facts.error(), facts.stackTrace(), null,
					backoff.apply(failedInBudget));
		}
		return new AttemptEnd(Transition.FAIL, outcome, facts.error(), facts.stackTrace(), null, null);
	}

}
