package dev.jobs.core;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.jobs.core.TestHandlers.RecordPayload;
import dev.jobs.core.delivery.EngineDatabase;
import dev.jobs.core.job.OutboxRows;
import org.junit.jupiter.api.Test;

import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.beans.factory.annotation.Value;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * No waiting job is left behind: messages that come too early, callers whose clock is off, messages
 * that vanished after the broker confirmed them, and rows that cannot be published at all.
 */
class StrandedJobsIntegrationTest extends IntegrationTest {

	@Autowired
	RabbitTemplate rabbit;

	@Value("${jobs.broker.prefix}")
	String prefix;

	@Test
	void messageThatArrivesBeforeRunAtHandsTheJobBackToTheRelayWhichRunsItWhenDue() {
		// Confirmed and queued, due in 2 s; a copy of its message arrives now.
		UUID id = insertJob("RECORD", "QUEUED", 0, 3, null, "now() + interval '2 seconds'", "now()");
		publishByHand(rabbit, prefix, id, "RECORD", 0);

		JobView done = awaitStatus(id, JobStatus.SUCCEEDED, Duration.ofSeconds(20));

		assertThat(done.startedAt()).as("never starts before its time").isAfterOrEqualTo(done.runAt());
		assertThat(TestHandlers.executions(id)).isEqualTo(1);
	}

	@Test
	void callerWhoseClockIsFiveSecondsAheadOfTheDatabaseGetsItsJobRunOnceAndNotEarly() {
		// The caller means "now", but its clock is 5 s ahead: for the database the job is due in 5 s.
		Instant callersNow = Instant.now().plusSeconds(5);
		UUID id = jobs.submit("RECORD", new RecordPayload("clock ahead", 0),
				SubmitOptions.defaults().withRunAt(callersNow)).id();

		JobView done = awaitStatus(id, JobStatus.SUCCEEDED, Duration.ofSeconds(20));

		assertThat(done.startedAt()).isAfterOrEqualTo(done.runAt());
		assertThat(done.attempt()).isEqualTo(1);
		assertThat(TestHandlers.executions(id)).isEqualTo(1);
	}

	@Test
	void callerWhoseClockIsFiveSecondsBehindTheDatabaseGetsItsJobRunAtOnce() {
		Instant callersNow = Instant.now().minusSeconds(5);
		UUID id = jobs.submit("RECORD", new RecordPayload("clock behind", 0),
				SubmitOptions.defaults().withRunAt(callersNow)).id();

		// Due for the database: published after commit, not left to the relay's min-age.
		JobView done = awaitStatus(id, JobStatus.SUCCEEDED, Duration.ofSeconds(5));

		assertThat(done.attempt()).isEqualTo(1);
		assertThat(TestHandlers.executions(id)).isEqualTo(1);
	}

	@Autowired
	PlatformTransactionManager transactions;

	@Autowired
	EngineDatabase engine;

	@Test
	void backstopFindsALostMessageEvenWhileTheOutboxBacklogFillsEveryRelayBatch() {
		// A backlog of due, unpublished rows larger than the relay's batch, and one confirmed job whose
		// message is gone. Timestamps make the rows visible to this call only, not to the running relay
		// (min-age 2 s, overdue-after 4 s): minAge 0 here, and the lost one was confirmed just now.
		List<UUID> backlog = new java.util.ArrayList<>();
		for (int i = 0; i < 8; i++) {
			backlog.add(insertJob("RECORD", "PENDING", 0, 3, null, "now()", null));
		}
		UUID lost = insertJob("RECORD", "QUEUED", 0, 3, null, "timestamptz '2000-01-01 00:00:00Z'", "now()");
		OutboxRows outbox = engine.store().outbox();
		TransactionTemplate transaction = engine.transaction();
		try {
			List<OutboxRows.Relayable> batch = transaction.execute(status -> {
				status.setRollbackOnly(); // look only: nothing is published or marked
				return outbox.lockRelayable(Duration.ZERO, Duration.ZERO, 4);
			});

			assertThat(batch).hasSize(4);
			assertThat(batch).filteredOn(OutboxRows.Relayable::overdue)
				.extracting(r -> r.message().jobId())
				.as("the backstop keeps its share of the batch")
				.contains(lost);
		}
		finally {
			backlog.add(lost);
			jdbc.sql("delete from {jobs}.job where id in (:ids)").param("ids", backlog).update();
		}
	}

	@Test
	void confirmedJobWhoseMessageVanishedIsPublishedAgainAfterTheOverdueBound() {
		// Confirmed a minute ago, but its message is gone (purged, dead-lettered, taken by another deployment).
		UUID id = insertJob("RECORD", "QUEUED", 0, 3, null, "now() - interval '1 minute'", "now() - interval '1 minute'");

		JobView done = awaitStatus(id, JobStatus.SUCCEEDED, Duration.ofSeconds(20));

		assertThat(done.attempt()).isEqualTo(1);
		assertThat(TestHandlers.executions(id)).isEqualTo(1);
	}

	@Test
	void rowsOfARetiredTypeNeitherBlockTheRelayNorLoopButEndFailedWithAReason() {
		// 600 waiting rows of a type no instance registers and no queue routes (retired by a deploy),
		// older than a due job of a live type whose own publish was lost.
		jdbc.sql("""
				insert into {jobs}.job (id, type, payload, status, max_attempts, run_at, created_by, updated_at)
				select gen_random_uuid(), 'RETIRED_TYPE', '{}', 'PENDING', 3, now() - interval '2 minutes', 'test',
				       now() - interval '2 minutes'
				  from generate_series(1, 600)
				""").update();
		UUID live = insertJob("RECORD", "PENDING", 0, 3, null, "now() - interval '1 minute'", "null");

		JobView done = awaitStatus(live, JobStatus.SUCCEEDED, Duration.ofSeconds(20));

		assertThat(done.attempt()).isEqualTo(1);
		await().atMost(Duration.ofSeconds(20))
			.until(() -> jdbc.sql("select count(*) from {jobs}.job where type = 'RETIRED_TYPE' and status <> 'FAILED'")
				.query(Long.class)
				.single() == 0);
		List<String> errors = jdbc.sql("select distinct last_error from {jobs}.job where type = 'RETIRED_TYPE'")
			.query(String.class)
			.list();
		assertThat(errors).singleElement()
			.asString()
			.contains("RETIRED_TYPE is not registered")
			.contains("no queue");
		jdbc.sql("delete from {jobs}.job where type = 'RETIRED_TYPE'").update();
	}

}
