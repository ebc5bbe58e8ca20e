package dev.jobs.core;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.jobs.core.TestHandlers.FailPayload;
import dev.jobs.core.TestHandlers.RecordPayload;
import dev.jobs.core.TestHandlers.SlowPayload;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Jobs travel through RabbitMQ: retries, failures, duplicates, schedules, cancellation, follow-ups. */
class DeliveryIntegrationTest extends IntegrationTest {

	@Autowired
	RabbitTemplate rabbit;

	@Value("${jobs.broker.prefix}")
	String prefix;

	@Test
	void duplicateDeliveriesRunTheHandlerOnce() {
		UUID id = jobs.submit("RECORD", new RecordPayload("dup", 300)).id();
		for (int i = 0; i < 5; i++) {
			publishByHand(id, "RECORD", 0);
		}

		awaitStatus(id, JobStatus.SUCCEEDED, Duration.ofSeconds(15));
		for (int i = 0; i < 3; i++) {
			publishByHand(id, "RECORD", 0);
			publishByHand(id, "RECORD", 1);
		}
		// The extra copies are consumed and ignored: no second run while they drain.
		await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
			.until(() -> TestHandlers.executions(id) == 1);

		assertThat(TestHandlers.executions(id)).isEqualTo(1);
		assertThat(attempts(id)).extracting(JobAttemptView::outcome).containsExactly("SUCCEEDED");
		assertThat(jobs.find(id).orElseThrow().attempt()).isEqualTo(1);
	}

	@Test
	void progressReportedInsideAHandlersOwnTransactionShowsWhileThatTransactionIsOpen() {
		UUID id = jobs.submit("IN_TX_PROGRESS", new RecordPayload("progress", 0)).id();
		try {
			JobView seen = await().atMost(Duration.ofSeconds(15))
				.until(() -> jobs.find(id).orElseThrow(),
						job -> job.progress() != null && Long.valueOf(1).equals(job.progress().done()));
			assertThat(seen.status()).isEqualTo(JobStatus.RUNNING);
			assertThat(seen.progress().total()).isEqualTo(2L);
		}
		finally {
			TestHandlers.RELEASE_IN_TX.countDown();
		}
		assertThat(awaitStatus(id, JobStatus.SUCCEEDED, Duration.ofSeconds(15)).attempt()).isEqualTo(1);
	}

	@Test
	void messageForAJobThatDoesNotExistIsDroppedNotRedeliveredForever() {
		UUID ghost = UUID.randomUUID();
		publishByHand(ghost, "RECORD", 0);
		UUID id = jobs.submit("RECORD", new RecordPayload("after ghost", 0)).id();

		awaitStatus(id, JobStatus.SUCCEEDED, Duration.ofSeconds(15));
		assertThat(TestHandlers.executions(ghost)).isZero();
	}

	@Test
	void jobIsNotRunBeforeItsRunAt() {
		Instant runAt = Instant.now().plusSeconds(3);
		UUID id = jobs.submit("RECORD", new RecordPayload("later", 0), SubmitOptions.defaults().withRunAt(runAt)).id();
		publishByHand(id, "RECORD", 0); // an early copy must not start it

		// The early copy is refused: the job waits for its time, not started.
		await().during(Duration.ofMillis(1500)).atMost(Duration.ofMillis(2500))
			.until(() -> jobs.find(id).orElseThrow().status() == JobStatus.PENDING);
		JobView done = awaitStatus(id, JobStatus.SUCCEEDED, Duration.ofSeconds(20));

		assertThat(done.startedAt()).isAfterOrEqualTo(runAt.minusMillis(50));
		assertThat(TestHandlers.executions(id)).isEqualTo(1);
	}

	@Test
	void failingAttemptsAreRetriedUntilOneSucceeds() {
		UUID id = jobs.submit("SLEEP", java.util.Map.of("millis", 10, "failTimes", 2)).id();

		JobView done = awaitStatus(id, JobStatus.SUCCEEDED, Duration.ofSeconds(30));

		assertThat(done.attempt()).isEqualTo(3);
		assertThat(attempts(id)).extracting(JobAttemptView::outcome).containsExactly("FAILED", "FAILED", "SUCCEEDED");
		assertThat(attempts(id).get(0).error()).contains("SLEEP fails attempt 1");
		assertThat(attempts(id).get(0).stackTrace()).contains("SleepJobHandler");
	}

	@Test
	void jobThatAlwaysFailsEndsFailedWithItsHistoryAndIsParkedInTheDeadLetterQueue() {
		UUID id = jobs.submit("ALWAYS_FAIL", new FailPayload("disk full"), SubmitOptions.defaults().withMaxAttempts(2))
			.id();

		JobView failed = awaitStatus(id, JobStatus.FAILED, Duration.ofSeconds(30));

		assertThat(failed.attempt()).isEqualTo(2);
		assertThat(failed.lastError()).contains("always fails: disk full");
		assertThat(TestHandlers.executions(id)).isEqualTo(2);
		assertThat(attempts(id)).extracting(JobAttemptView::outcome).containsExactly("FAILED", "FAILED");
		assertThat(deadLetterFor(id, "ALWAYS_FAIL")).isTrue();
	}

	/**
	 * A context can be stopped and started again (Spring's test framework pauses the contexts it caches, an
	 * application may stop and start its own): the publisher must come back, or dead letters, which the relay
	 * never sends again, would be dropped.
	 */
	@Test
	void publisherStoppedAndStartedAgainStillParksAJobThatFailedForGood(
			@Autowired dev.jobs.core.job.MessageDispatcher publisher) {
		org.springframework.context.Lifecycle lifecycle = (org.springframework.context.Lifecycle) publisher;
		lifecycle.stop();
		lifecycle.start();

		UUID id = jobs.submit("ALWAYS_FAIL", new FailPayload("after a restart"), SubmitOptions.defaults().withMaxAttempts(1))
			.id();

		awaitStatus(id, JobStatus.FAILED, Duration.ofSeconds(30));
		assertThat(deadLetterFor(id, "ALWAYS_FAIL")).isTrue();
	}

	@Test
	void nonRetryableErrorFailsAtOnce() {
		UUID id = jobs.submit("REJECT", new FailPayload("no such customer")).id();

		JobView failed = awaitStatus(id, JobStatus.FAILED, Duration.ofSeconds(15));

		assertThat(failed.attempt()).isEqualTo(1);
		assertThat(failed.maxAttempts()).isEqualTo(3);
		assertThat(failed.lastError()).contains("cannot ever work");
		assertThat(TestHandlers.executions(id)).isEqualTo(1);
	}

	@Test
	void attemptThatRunsPastItsTimeoutIsStoppedAndCountedAsTimedOut() {
		UUID id = jobs.submit("SLOW", new SlowPayload(60_000)).id();

		JobView failed = awaitStatus(id, JobStatus.FAILED, Duration.ofSeconds(15));

		assertThat(failed.lastError()).contains("timeout");
		assertThat(attempts(id)).extracting(JobAttemptView::outcome).containsExactly("TIMED_OUT");
	}

	@Test
	void followUpJobExistsOnceTheParentSucceeds() {
		UUID parent = jobs.submit("PARENT", new RecordPayload("p", 0)).id();
		awaitStatus(parent, JobStatus.SUCCEEDED, Duration.ofSeconds(15));

		List<UUID> children = jdbc.sql("select id from {jobs}.job where idempotency_key = :key")
			.param("key", "child-of-" + parent)
			.query(UUID.class)
			.list();

		assertThat(children).hasSize(1);
		JobView child = awaitStatus(children.get(0), JobStatus.SUCCEEDED, Duration.ofSeconds(15));
		assertThat(child.result().get("greeting").asString()).isEqualTo("hello child of p");
		assertThat(child.createdBy()).isEqualTo(DefaultJobClientCreatedBy.SYSTEM);
	}

	@Test
	void waitingJobIsCancelledAtOnceAndNeverRunsThenRetryRunsIt() {
		UUID id = jobs.submit("RECORD", new RecordPayload("cancel me", 0),
				SubmitOptions.defaults().withRunAt(Instant.now().plusSeconds(2))).id();

		JobView cancelled = jobs.cancel(id);
		assertThat(cancelled.status()).isEqualTo(JobStatus.CANCELLED);
		assertThat(jobs.cancel(id).status()).isEqualTo(JobStatus.CANCELLED); // idempotent
		publishByHand(id, "RECORD", 0);
		// Past its runAt, with a message in the queue: it stays cancelled.
		await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(4))
			.until(() -> jobs.find(id).orElseThrow().status() == JobStatus.CANCELLED);
		assertThat(TestHandlers.executions(id)).isZero();

		JobView retried = jobs.retry(id);
		assertThat(retried.status()).isIn(JobStatus.PENDING, JobStatus.QUEUED, JobStatus.RUNNING, JobStatus.SUCCEEDED);
		awaitStatus(id, JobStatus.SUCCEEDED, Duration.ofSeconds(15));
		assertThat(TestHandlers.executions(id)).isEqualTo(1);
	}

	@Test
	void runningJobStopsCooperativelyWhenCancelled() {
		UUID id = jobs.submit("SLEEP", java.util.Map.of("millis", 30_000)).id();
		awaitStatus(id, JobStatus.RUNNING, Duration.ofSeconds(15));

		JobView requested = jobs.cancel(id);
		assertThat(requested.status()).isEqualTo(JobStatus.RUNNING);
		assertThat(requested.cancelRequested()).isTrue();

		awaitStatus(id, JobStatus.CANCELLED, Duration.ofSeconds(10));
		assertThat(attempts(id)).extracting(JobAttemptView::outcome).containsExactly("CANCELLED");
	}

	@Test
	void retryOfAFailedJobStartsAFreshBudget() {
		UUID id = jobs.submit("ALWAYS_FAIL", new FailPayload("again"), SubmitOptions.defaults().withMaxAttempts(1)).id();
		awaitStatus(id, JobStatus.FAILED, Duration.ofSeconds(15));

		jobs.retry(id);
		JobView failedAgain = awaitStatus(id, JobStatus.FAILED, Duration.ofSeconds(30));

		// A fresh budget of the type's max-attempts (3) after the first attempt.
		assertThat(failedAgain.attempt()).isEqualTo(4);
		assertThat(TestHandlers.executions(id)).isEqualTo(4);
	}

	@Test
	void parkedJobsAreRedrivenOnceAndSucceed() {
		admin.purgeQueue(prefix + ".SLEEP.dlq", false);
		UUID first = jobs.submit("SLEEP", java.util.Map.of("millis", 0, "failTimes", 1),
				SubmitOptions.defaults().withMaxAttempts(1)).id();
		UUID second = jobs.submit("SLEEP", java.util.Map.of("millis", 0, "failTimes", 1),
				SubmitOptions.defaults().withMaxAttempts(1)).id();
		awaitStatus(first, JobStatus.FAILED, Duration.ofSeconds(15));
		awaitStatus(second, JobStatus.FAILED, Duration.ofSeconds(15));
		// The dead-letter publish follows the commit.
		await().atMost(Duration.ofSeconds(10))
			.until(() -> admin.getQueueInfo(prefix + ".SLEEP.dlq").getMessageCount() >= 2);

		var redrive = body(post("/api/job-types/SLEEP/dead-letters/redrive", ""));
		var again = body(post("/api/job-types/SLEEP/dead-letters/redrive", ""));

		assertThat(redrive.get("redriven").asInt()).isEqualTo(2);
		assertThat(again.get("redriven").asInt()).isZero();
		assertThat(awaitStatus(first, JobStatus.SUCCEEDED, Duration.ofSeconds(15)).attempt()).isEqualTo(2);
		assertThat(awaitStatus(second, JobStatus.SUCCEEDED, Duration.ofSeconds(15)).attempt()).isEqualTo(2);
		assertThat(post("/api/job-types/NO_SUCH_TYPE/dead-letters/redrive", "").statusCode()).isEqualTo(400);
	}

	@Autowired
	org.springframework.amqp.core.AmqpAdmin admin;

	private void publishByHand(UUID id, String type, int attempt) {
		String body = "{\"jobId\": \"" + id + "\", \"type\": \"" + type + "\", \"attempt\": " + attempt + "}";
		Message message = MessageBuilder.withBody(body.getBytes(StandardCharsets.UTF_8)).build();
		rabbit.send(prefix, type, message);
	}

	/** Reads the type's dead-letter queue until the job's message is there (then true) or 10 s passed. */
	private boolean deadLetterFor(UUID id, String type) {
		try {
			await("a dead letter for " + id)
				.atMost(Duration.ofSeconds(10))
				.pollInterval(Duration.ofMillis(10))
				.pollInSameThread() // the template's receive on the test's own thread, as a loop would
				.until(() -> {
					Message message = rabbit.receive(prefix + "." + type + ".dlq", 500);
					return message != null && new String(message.getBody(), StandardCharsets.UTF_8).contains(id.toString());
				});
			return true;
		}
		catch (ConditionTimeoutException ex) {
			return false;
		}
	}

	/** Keeps the test readable without exposing the client class. */
	private static final class DefaultJobClientCreatedBy {

		static final String SYSTEM = dev.jobs.core.job.DefaultJobClient.SYSTEM;

	}

}
