package dev.jobs.core.job;

import java.util.EnumSet;
import java.util.Set;

import dev.jobs.core.JobStatus;
import org.junit.jupiter.api.Test;

import static dev.jobs.core.JobStatus.AWAITING;
import static dev.jobs.core.JobStatus.CANCELLED;
import static dev.jobs.core.JobStatus.FAILED;
import static dev.jobs.core.JobStatus.PENDING;
import static dev.jobs.core.JobStatus.QUEUED;
import static dev.jobs.core.JobStatus.RETRY_WAIT;
import static dev.jobs.core.JobStatus.RUNNING;
import static dev.jobs.core.JobStatus.SUCCEEDED;
import static org.assertj.core.api.Assertions.assertThat;

/** The transition table itself, checked cell by cell against the documented diagram. */
class JobStateMachineTest {

	@Test
	void onlyTheDocumentedMovesAreLegal() {
		assertLegal(AWAITING, PENDING, CANCELLED);
		assertLegal(PENDING, QUEUED, RUNNING, CANCELLED, FAILED);
		assertLegal(QUEUED, PENDING, RUNNING, CANCELLED, FAILED);
		assertLegal(RUNNING, SUCCEEDED, RETRY_WAIT, FAILED, CANCELLED, PENDING);
		assertLegal(RETRY_WAIT, RUNNING, CANCELLED, FAILED);
		assertLegal(SUCCEEDED);
		assertLegal(FAILED, PENDING);
		assertLegal(CANCELLED, PENDING, AWAITING);
	}

	@Test
	void aSucceededJobNeverMovesAgain() {
		for (JobStatus to : JobStatus.values()) {
			assertThat(JobStateMachine.isLegal(SUCCEEDED, to)).isFalse();
		}
	}

	@Test
	void transitionsOutOfRunningAreTheOnlyOnesThatEndAnAttempt() {
		for (JobStateMachine.Transition t : JobStateMachine.Transition.values()) {
			if (t.from().contains(RUNNING)) {
				assertThat(t.from()).containsOnly(RUNNING);
			}
		}
	}

	private static void assertLegal(JobStatus from, JobStatus... to) {
		Set<JobStatus> legal = (to.length == 0) ? EnumSet.noneOf(JobStatus.class) : EnumSet.of(to[0], to);
		for (JobStatus target : JobStatus.values()) {
			assertThat(JobStateMachine.isLegal(from, target)).as("%s -> %s", from, target)
				.isEqualTo(legal.contains(target));
		}
	}

}
