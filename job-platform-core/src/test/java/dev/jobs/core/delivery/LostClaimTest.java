package dev.jobs.core.delivery;

import dev.jobs.core.JobStatus;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What a refused claim means; in every case the delivery is acknowledged and dropped. */
class LostClaimTest {

	@Test
	void messageForARowThatNoLongerExistsNamesNoJob() {
		assertThat(LostClaim.of(null, false)).isEqualTo(LostClaim.NO_SUCH_JOB);
	}

	@Test
	void messageBeforeTheJobsRunAtLeavesTheJobToTheRelay() {
		assertThat(LostClaim.of(JobStatus.PENDING, true)).isEqualTo(LostClaim.TOO_EARLY);
	}

	@Test
	void messageForAJobThatMovedOnIsAStaleOrDuplicateMessage() {
		assertThat(LostClaim.of(JobStatus.RUNNING, false)).as("claimed by another delivery")
			.isEqualTo(LostClaim.STALE_OR_DUPLICATE);
		assertThat(LostClaim.of(JobStatus.SUCCEEDED, false)).as("already done")
			.isEqualTo(LostClaim.STALE_OR_DUPLICATE);
		assertThat(LostClaim.of(JobStatus.RETRY_WAIT, false)).as("waiting for a later attempt")
			.isEqualTo(LostClaim.STALE_OR_DUPLICATE);
	}

}
