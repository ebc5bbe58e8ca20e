package dev.jobs.core.delivery;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** How the outcome of a handler that returned is recorded (the decision alone). */
class OutcomeRecordingTest {

	@Test
	void outcomeOfAnAttemptSomeoneElseAlreadyRecordedIsDiscarded() {
		// The watch gave up on the handler past its timeout's grace, or the shutdown handed it back.
		assertThat(OutcomeRecording.of(false, true, true, true)).isEqualTo(OutcomeRecording.DISCARD);
		assertThat(OutcomeRecording.of(false, false, false, false)).isEqualTo(OutcomeRecording.DISCARD);
	}

	@Test
	void successInABatchIsRecordedWithTheBatchsOtherSuccesses() {
		assertThat(OutcomeRecording.of(true, true, true, true)).isEqualTo(OutcomeRecording.WITH_THE_BATCH);
	}

	@Test
	void successWithFollowUpsOrEndListenersIsRecordedInATransactionOfItsOwn() {
		assertThat(OutcomeRecording.of(true, true, true, false)).isEqualTo(OutcomeRecording.ALONE);
	}

	@Test
	void failureIsAlwaysRecordedAlone() {
		assertThat(OutcomeRecording.of(true, false, true, true)).isEqualTo(OutcomeRecording.ALONE);
	}

	@Test
	void singleDeliveryIsRecordedAlone() {
		assertThat(OutcomeRecording.of(true, true, false, true)).isEqualTo(OutcomeRecording.ALONE);
	}

}
