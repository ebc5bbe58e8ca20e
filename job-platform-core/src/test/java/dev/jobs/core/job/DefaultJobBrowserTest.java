package dev.jobs.core.job;

import java.util.EnumSet;

import dev.jobs.core.JobStatus;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DefaultJobBrowserTest {

	/** The dashboard shows its retry button from this answer, so it is the state machine's and nobody's copy. */
	@Test
	void offersARetryExactlyWhereTheStateMachineAllowsOne() {
		DefaultJobBrowser browser = new DefaultJobBrowser(null, null, null, null, null);

		assertThat(browser.retryableStatuses()).isEqualTo(JobStateMachine.Transition.RETRY.from())
			.isEqualTo(EnumSet.of(JobStatus.FAILED, JobStatus.CANCELLED));
	}

}
