package dev.jobs.core.delivery;

import java.time.Duration;

import dev.jobs.core.job.AttemptEnd;
import dev.jobs.core.job.AttemptOutcome;
import dev.jobs.core.job.FailurePolicy;
import dev.jobs.core.job.FailurePolicy.Ending;
import dev.jobs.core.job.JobStateMachine.Transition;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What an expired lease means for its attempt (the reaper's decision; the end itself is the failure policy's). */
class LeaseReaperTest {

	@Test
	void attemptWhoseHandlerRanIsLostAndCounted() {
		assertThat(LeaseReaper.endingOf(true)).isEqualTo(Ending.LEASE_EXPIRED);
		assertThat(end(true, 1, 1).transition()).as("its only attempt is spent").isEqualTo(Transition.FAIL);
		assertThat(end(true, 1, 1).outcome()).isEqualTo(AttemptOutcome.LOST);
		assertThat(LeaseReaper.errorOf("w-1", 1, true)).contains("Worker w-1").contains("counted as lost");
	}

	@Test
	void claimThatOnlyWaitedInABatchIsHandedBackUncountedEvenOnItsLastAttempt() {
		assertThat(LeaseReaper.endingOf(false)).isEqualTo(Ending.NEVER_STARTED);
		assertThat(end(false, 1, 1).transition()).isEqualTo(Transition.HAND_BACK);
		assertThat(end(false, 1, 1).outcome()).isEqualTo(AttemptOutcome.HANDED_BACK);
		assertThat(LeaseReaper.errorOf("w-1", 1, false)).contains("never started").contains("not counted");
	}

	private static AttemptEnd end(boolean handlerStarted, int attempt, int maxAttempts) {
		return FailurePolicy.decide(new FailurePolicy.Facts(LeaseReaper.endingOf(handlerStarted), true, false, attempt,
				maxAttempts, 0, LeaseReaper.errorOf("w-1", attempt, handlerStarted), null), n -> Duration.ofSeconds(1));
	}

}
