package dev.jobs.core.delivery;

import java.time.Duration;
import java.util.Set;

import dev.jobs.core.JobStatus;
import dev.jobs.core.job.AttemptEnd;
import dev.jobs.core.job.FailurePolicy;
import dev.jobs.core.job.FailurePolicy.Ending;
import dev.jobs.core.job.JobMetrics;
import dev.jobs.core.job.JobStateMachine.Transition;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which attempts the recorder records how (its decisions alone; {@code OutcomeRecordingIntegrationTest} and
 * {@code BatchedDeliveryIntegrationTest} record them in the real database).
 */
class AttemptRecorderTest {

	@Test
	void handlerThatThrewWithoutBeingAskedToStopFailed() {
		assertThat(AttemptRecorder.endingOf(null)).isEqualTo(Ending.THREW);
	}

	@Test
	void handlerThatThrewAfterTheWatchStoppedItEndsAsTheStopSays() {
		assertThat(AttemptRecorder.endingOf(RunningJob.StopReason.TIMED_OUT)).isEqualTo(Ending.TIMED_OUT);
		assertThat(AttemptRecorder.endingOf(RunningJob.StopReason.CANCELLED)).isEqualTo(Ending.CANCELLED);
		assertThat(AttemptRecorder.endingOf(RunningJob.StopReason.SHUTDOWN)).isEqualTo(Ending.SHUTDOWN);
	}

	@Test
	void handlerThatThrewAfterItsLeaseWasLostIsRecordedAsThrownForTheFenceToRefuse() {
		assertThat(AttemptRecorder.endingOf(RunningJob.StopReason.LEASE_LOST)).isEqualTo(Ending.THREW);
	}

	@Test
	void errorOfAStoppedAttemptSaysWhyItWasStoppedNotWhatTheInterruptThrew() {
		InterruptedException interrupt = new InterruptedException("sleep interrupted");

		assertThat(AttemptRecorder.errorOf(Ending.TIMED_OUT, Duration.ofSeconds(3), interrupt))
			.isEqualTo("Attempt exceeded the type's timeout of PT3S");
		assertThat(AttemptRecorder.errorOf(Ending.SHUTDOWN, Duration.ofSeconds(3), interrupt))
			.isEqualTo("The instance shut down before the attempt ended");
		assertThat(AttemptRecorder.errorOf(Ending.CANCELLED, Duration.ofSeconds(3), interrupt))
			.isEqualTo("Cancelled while running");
	}

	@Test
	void errorOfAFailedAttemptNamesTheExceptionAndItsMessage() {
		assertThat(AttemptRecorder.errorOf(Ending.THREW, Duration.ofSeconds(3), new IllegalStateException("disk full")))
			.isEqualTo("java.lang.IllegalStateException: disk full");
		assertThat(AttemptRecorder.errorOf(Ending.THREW, Duration.ofSeconds(3), new NullPointerException()))
			.isEqualTo("java.lang.NullPointerException");
	}

	@Test
	void failureNobodyListensForIsCommittedByItsFencedStatementAlone() {
		assertThat(AttemptRecorder.needsItsOwnTransaction(failed(), status -> false)).isFalse();
	}

	@Test
	void failureAListenerIsAboutIsRecordedInATransactionWithTheListener() {
		assertThat(AttemptRecorder.needsItsOwnTransaction(failed(), Set.of(JobStatus.FAILED)::contains)).isTrue();
	}

	@Test
	void retryNeedsATransactionWhenCancelledJobsAreListenedForBecauseACancelMayTurnItIntoOne() {
		AttemptEnd retry = retried();
		assertThat(retry.transition()).isEqualTo(Transition.SCHEDULE_RETRY);

		assertThat(AttemptRecorder.needsItsOwnTransaction(retry, Set.of(JobStatus.CANCELLED)::contains)).isTrue();
		assertThat(AttemptRecorder.needsItsOwnTransaction(failed(), Set.of(JobStatus.CANCELLED)::contains))
			.as("a failure stays a failure").isFalse();
	}

	@Test
	void eachEndIsCountedUnderTheOutcomeItsTransitionMeans() {
		assertThat(AttemptRecorder.metricOutcome(Transition.SUCCEED)).isEqualTo(JobMetrics.Outcome.SUCCEEDED);
		assertThat(AttemptRecorder.metricOutcome(Transition.SCHEDULE_RETRY)).isEqualTo(JobMetrics.Outcome.RETRIED);
		assertThat(AttemptRecorder.metricOutcome(Transition.FAIL)).isEqualTo(JobMetrics.Outcome.FAILED);
		assertThat(AttemptRecorder.metricOutcome(Transition.HAND_BACK)).isEqualTo(JobMetrics.Outcome.HANDED_BACK);
		assertThat(AttemptRecorder.metricOutcome(Transition.STOP_CANCELLED)).isEqualTo(JobMetrics.Outcome.CANCELLED);
	}

	private static AttemptEnd failed() {
		return FailurePolicy.decide(new FailurePolicy.Facts(Ending.THREW, true, false, 3, 3, 0, "boom", null),
				n -> Duration.ofSeconds(1));
	}

	private static AttemptEnd retried() {
		return FailurePolicy.decide(new FailurePolicy.Facts(Ending.THREW, true, false, 1, 3, 0, "boom", null),
				n -> Duration.ofSeconds(1));
	}

}
