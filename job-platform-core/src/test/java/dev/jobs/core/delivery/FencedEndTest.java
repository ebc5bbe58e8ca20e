package dev.jobs.core.delivery;

import java.time.Duration;

import dev.jobs.core.job.AttemptEnd;
import dev.jobs.core.job.FailurePolicy;
import dev.jobs.core.job.FailurePolicy.Ending;
import dev.jobs.core.job.JobStateMachine.Transition;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What the worker and the reaper try when the attempt's fence refuses the end they decided. */
class FencedEndTest {

	@Test
	void refusedRetryEndsTheJobCancelledBecauseItsCancelRequestArrivedMeanwhile() {
		AttemptEnd retry = decide(Ending.THREW, 1, 3);
		assertThat(retry.retries()).isTrue();

		assertThat(FencedEnd.insteadOfRefused(retry)).hasValueSatisfying(
				instead -> assertThat(instead.transition()).isEqualTo(Transition.STOP_CANCELLED));
	}

	@Test
	void refusedHandBackEndsTheJobCancelledToo() {
		AttemptEnd handBack = decide(Ending.SHUTDOWN, 1, 3);
		assertThat(handBack.transition()).isEqualTo(Transition.HAND_BACK);

		assertThat(FencedEnd.insteadOfRefused(handBack)).hasValueSatisfying(
				instead -> assertThat(instead.transition()).isEqualTo(Transition.STOP_CANCELLED));
	}

	@Test
	void refusedFailureOrSuccessIsNoLongerOursToRecord() {
		assertThat(FencedEnd.insteadOfRefused(decide(Ending.THREW, 3, 3))).isEmpty();
		assertThat(FencedEnd.insteadOfRefused(AttemptEnd.succeeded(null))).isEmpty();
	}

	private static AttemptEnd decide(Ending ending, int attempt, int maxAttempts) {
		return FailurePolicy.decide(new FailurePolicy.Facts(ending, true, false, attempt, maxAttempts, 0, "why", null),
				n -> Duration.ofSeconds(1));
	}

}
