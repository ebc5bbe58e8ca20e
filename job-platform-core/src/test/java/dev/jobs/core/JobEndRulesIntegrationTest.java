package dev.jobs.core;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import dev.jobs.core.TestHandlers.FailPayload;
import dev.jobs.core.TestHandlers.RecordPayload;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * "When a job of type X ends in state S, submit this": the follow-up exists exactly when the job ended
 * that way, once, on every path that ends a job (a worker, the lease reaper, a person cancelling).
 */
class JobEndRulesIntegrationTest extends IntegrationTest {

	@Test
	void jobThatFailsForGoodSubmitsItsFollowUpOnceForItsOwner() {
		UUID id = jobs.submit("ALWAYS_FAIL", new FailPayload("rule"),
				SubmitOptions.defaults().withMaxAttempts(2).withCreatedBy("rule-owner")).id();

		awaitStatus(id, JobStatus.FAILED, Duration.ofSeconds(20));

		UUID followUp = awaitFollowUp(id);
		assertThat(jobs.find(followUp).orElseThrow().createdBy()).isEqualTo("rule-owner");
		assertThat(awaitStatus(followUp, JobStatus.SUCCEEDED, Duration.ofSeconds(15)).attempt()).isEqualTo(1);
	}

	@Test
	void jobFailedByTheLeaseReaperSubmitsItsFollowUpOnce() {
		UUID id = insertJob("ALWAYS_FAIL", "RUNNING", 2, 2, "dead-worker", "now() - interval '1 minute'", "now()");

		awaitStatus(id, JobStatus.FAILED, Duration.ofSeconds(15));

		awaitFollowUp(id);
	}

	@Test
	void cancellingAWaitingJobSubmitsItsFollowUpOnceHoweverOftenItIsCancelled() {
		UUID id = jobs.submit("LAGGY", new RecordPayload("cancel me", 0),
				SubmitOptions.defaults().withRunAt(Instant.now().plusSeconds(3600))).id();

		jobs.cancel(id);
		jobs.cancel(id);

		awaitFollowUp(id);
	}

	@Test
	void jobThatSucceedsSubmitsNothingForARuleOnFailure() {
		UUID id = jobs.submit("RECORD", new RecordPayload("no rule", 0)).id();

		awaitStatus(id, JobStatus.SUCCEEDED, Duration.ofSeconds(15));

		await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> followUps(id) == 0);
	}

	@Test
	void listenerThatThrowsLosesItsOwnFollowUpButNeverTheJobsEnd() {
		UUID id = jobs.submit("DOOMED", new FailPayload("broken listener")).id();

		JobView failed = awaitStatus(id, JobStatus.FAILED, Duration.ofSeconds(15));

		assertThat(failed.lastError()).contains("doomed");
		await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> followUps(id) == 0);
	}

	/** Waits for the follow-up of {@code id}, and checks it stays the only one. */
	private UUID awaitFollowUp(UUID id) {
		await().atMost(Duration.ofSeconds(10)).until(() -> followUps(id) >= 1);
		await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> followUps(id) == 1);
		return jdbc.sql("select id from {jobs}.job where type = 'RECORD' and payload ->> 'name' = :name")
			.param("name", "after-" + id)
			.query(UUID.class)
			.single();
	}

	private long followUps(UUID id) {
		return jdbc.sql("select count(*) from {jobs}.job where type = 'RECORD' and payload ->> 'name' = :name")
			.param("name", "after-" + id)
			.query(Long.class)
			.single();
	}

}
