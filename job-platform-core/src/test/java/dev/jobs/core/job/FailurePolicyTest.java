package dev.jobs.core.job;

import java.time.Duration;

import dev.jobs.core.job.FailurePolicy.Ending;
import dev.jobs.core.job.FailurePolicy.Facts;
import dev.jobs.core.job.JobStateMachine.Transition;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What follows an attempt that did not succeed: one pure decision for the worker and the reaper. */
class FailurePolicyTest {

	/** The n-th backoff is n seconds, so a test can see which step was taken. */
	private static AttemptEnd decide(Ending ending, boolean retryable, boolean cancelRequested, int attempt, int max,
			int base) {
		return FailurePolicy.decide(new Facts(ending, retryable, cancelRequested, attempt, max, base, "error", null),
				Duration::ofSeconds);
	}

	@Test
	void retryableFailureWithAttemptsLeftIsRetriedAfterTheBackoff() {
		AttemptEnd end = decide(Ending.THREW, true, false, 1, 3, 0);

		assertThat(end.transition()).isEqualTo(Transition.SCHEDULE_RETRY);
		assertThat(end.outcome()).isEqualTo(AttemptOutcome.FAILED);
		assertThat(end.delay()).isEqualTo(Duration.ofSeconds(1));
	}

	@Test
	void lastAttemptFailsTheJob() {
		assertThat(decide(Ending.THREW, true, false, 3, 3, 0).transition()).isEqualTo(Transition.FAIL);
	}

	@Test
	void nonRetryableErrorFailsTheJobAtOnce() {
		assertThat(decide(Ending.THREW, false, false, 1, 3, 0).transition()).isEqualTo(Transition.FAIL);
	}

	@Test
	void timeoutsAndLostLeasesAreRetriedWhateverTheError() {
		AttemptEnd timedOut = decide(Ending.TIMED_OUT, false, false, 1, 3, 0);
		AttemptEnd lost = decide(Ending.LEASE_EXPIRED, false, false, 2, 3, 0);

		assertThat(timedOut.transition()).isEqualTo(Transition.SCHEDULE_RETRY);
		assertThat(timedOut.outcome()).isEqualTo(AttemptOutcome.TIMED_OUT);
		assertThat(lost.transition()).isEqualTo(Transition.SCHEDULE_RETRY);
		assertThat(lost.outcome()).isEqualTo(AttemptOutcome.LOST);
		assertThat(lost.delay()).isEqualTo(Duration.ofSeconds(2));
	}

	@Test
	void cancelRequestWinsOverRetryFailureAndHandBack() {
		for (Ending ending : Ending.values()) {
			AttemptEnd end = decide(ending, true, true, 1, 3, 0);
			assertThat(end.transition()).as("%s with a cancel request", ending).isEqualTo(Transition.STOP_CANCELLED);
		}
		assertThat(decide(Ending.TIMED_OUT, true, true, 1, 3, 0).outcome()).isEqualTo(AttemptOutcome.TIMED_OUT);
		assertThat(decide(Ending.SHUTDOWN, true, true, 1, 3, 0).outcome()).isEqualTo(AttemptOutcome.CANCELLED);
	}

	@Test
	void shutdownHandsTheJobBackEvenOnItsLastAttempt() {
		AttemptEnd end = decide(Ending.SHUTDOWN, true, false, 3, 3, 0);

		assertThat(end.transition()).isEqualTo(Transition.HAND_BACK);
		assertThat(end.outcome()).isEqualTo(AttemptOutcome.HANDED_BACK);
	}

	@Test
	void claimWhoseHandlerNeverStartedIsHandedBackUncountedEvenWithMaxAttemptsOne() {
		// A claim that waited in a batch when its worker died, or behind a handler that was given up.
		AttemptEnd end = decide(Ending.NEVER_STARTED, true, false, 1, 1, 0);

		assertThat(end.transition()).isEqualTo(Transition.HAND_BACK);
		assertThat(end.outcome()).isEqualTo(AttemptOutcome.HANDED_BACK);
		assertThat(end.failsForGood()).isFalse();
	}

	@Test
	void cancelledClaimThatNeverStartedEndsCancelled() {
		AttemptEnd end = decide(Ending.NEVER_STARTED, true, true, 1, 3, 0);

		assertThat(end.transition()).isEqualTo(Transition.STOP_CANCELLED);
		assertThat(end.outcome()).isEqualTo(AttemptOutcome.CANCELLED);
	}

	@Test
	void firstFailureAfterAManualRetryWaitsTheFirstBackoffStepNotTheLifetimeCount() {
		// Three attempts failed, a person retried with a fresh budget of three: attempt 4 is the first of it.
		AttemptEnd end = decide(Ending.THREW, true, false, 4, 6, 3);

		assertThat(end.transition()).isEqualTo(Transition.SCHEDULE_RETRY);
		assertThat(end.delay()).isEqualTo(Duration.ofSeconds(1));
	}

}
