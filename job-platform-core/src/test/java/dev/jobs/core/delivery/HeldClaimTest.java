package dev.jobs.core.delivery;

import java.util.Optional;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a claim held in a delivery batch does when its turn comes (the decision alone;
 * {@code BatchedDeliveryIntegrationTest} shows each case against the real database and broker).
 */
class HeldClaimTest {

	private static final boolean GIVEN_UP = true;

	private static final boolean LEASE_LOST = true;

	private static final boolean STOPPING = true;

	private static final boolean MARKED = true;

	@Test
	void firstClaimOfABatchIsAlreadyMarkedStartedAndJustRuns() {
		assertThat(HeldClaim.next(false, false, false, MARKED, 0)).isEqualTo(HeldClaim.START);
	}

	@Test
	void freshHeldClaimStartsAtOnceAndItsMarkIsWrittenSoonAfter() {
		assertThat(HeldClaim.next(false, false, false, false, 0)).isEqualTo(HeldClaim.START_AND_MARK_SOON);
	}

	@Test
	void heldClaimOfAJobHandedBackBeforeIsMarkedBeforeItsHandlerRuns() {
		// A job that killed its worker as it started must be counted the next time, or it crashes workers for ever.
		assertThat(HeldClaim.next(false, false, false, false, 1)).isEqualTo(HeldClaim.MARK_THEN_START);
	}

	@Test
	void claimGivenUpWhileItWaitedIsSkippedWhateverElseHolds() {
		assertThat(HeldClaim.next(GIVEN_UP, LEASE_LOST, STOPPING, false, 3)).isEqualTo(HeldClaim.SKIP);
	}

	@Test
	void claimWhoseLeaseWasLostWhileItWaitedIsDroppedNotHandedBack() {
		// Another worker may hold the job now: handing it back would undo that worker's claim.
		assertThat(HeldClaim.next(false, LEASE_LOST, STOPPING, MARKED, 0)).isEqualTo(HeldClaim.DROP_TAKEN_OVER);
	}

	@Test
	void stoppingInstanceHandsBackTheClaimsThatHaveNotStarted() {
		assertThat(HeldClaim.next(false, false, STOPPING, false, 0)).isEqualTo(HeldClaim.HAND_BACK_FOR_SHUTDOWN);
		assertThat(HeldClaim.next(false, false, STOPPING, MARKED, 0)).isEqualTo(HeldClaim.HAND_BACK_FOR_SHUTDOWN);
	}

	@Test
	void markAnswerDecidesBetweenRunningCancellingAndDropping() {
		assertThat(HeldClaim.afterMark(Optional.of(false))).as("still ours, not cancelled").isEqualTo(HeldClaim.START);
		assertThat(HeldClaim.afterMark(Optional.of(true))).as("cancelled while it waited").isEqualTo(HeldClaim.CANCEL);
		assertThat(HeldClaim.afterMark(Optional.empty())).as("no longer this worker's")
			.isEqualTo(HeldClaim.DROP_TAKEN_OVER);
	}

}
