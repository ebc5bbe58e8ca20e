package dev.jobs.core;

import java.time.Duration;
import java.util.UUID;

import dev.jobs.core.TestHandlers.RecordPayload;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An error while recording a finished attempt is that attempt's failure, with the real error in
 * the history: never a {@code RUNNING} job without a lease that reruns its handler attempt after
 * attempt.
 */
class OutcomeRecordingIntegrationTest extends IntegrationTest {

	@Test
	void resultThatCannotBeSerialisedFailsTheJobWithThatError() {
		UUID id = jobs.submit("BAD_RESULT", new RecordPayload("bad result", 0)).id();

		JobView failed = awaitStatus(id, JobStatus.FAILED, Duration.ofSeconds(15));

		assertThat(failed.lastError()).contains("could not be recorded").contains("could not be serialised");
		assertThat(attempts(id)).extracting(JobAttemptView::outcome).containsExactly("FAILED");
		assertThat(attempts(id).get(0).stackTrace()).contains("this result cannot be written");
		assertThat(TestHandlers.executions(id)).as("not rerun: the error is not retryable").isEqualTo(1);
	}

	@Test
	void followUpRefusedInTheCompletingTransactionFailsTheAttemptAndCreatesNoFollowUp() {
		String owner = "follow-up-owner-" + UUID.randomUUID();
		String key = "report-" + UUID.randomUUID();
		UUID existing = jobs.submit("RECORD", new RecordPayload("original", 0),
				SubmitOptions.defaults().withCreatedBy(owner).withIdempotencyKey(key)).id();
		UUID parent = jobs.submit("FOLLOW_UP_CONFLICT", new RecordPayload(key, 0),
				SubmitOptions.defaults().withCreatedBy(owner)).id();

		JobView failed = awaitStatus(parent, JobStatus.FAILED, Duration.ofSeconds(15));

		assertThat(failed.lastError()).contains("could not be recorded").contains(key);
		assertThat(attempts(parent)).extracting(JobAttemptView::outcome).containsExactly("FAILED");
		assertThat(jdbc.sql("select count(*) from {jobs}.job where created_by = :owner").param("owner", owner)
			.query(Long.class).single()).as("only the two submitted jobs").isEqualTo(2);
		assertThat(jobs.find(existing).orElseThrow().payload().get("name").asString()).isEqualTo("original");
	}

}
