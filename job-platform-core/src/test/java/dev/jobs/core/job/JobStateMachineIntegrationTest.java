package dev.jobs.core.job;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import dev.jobs.core.IllegalJobTransitionException;
import dev.jobs.core.IntegrationTest;
import dev.jobs.core.JobStatus;
import dev.jobs.core.delivery.EngineDatabase;
import dev.jobs.core.job.JobStateMachine.Transition;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole transition matrix against the real database: every transition is tried from every
 * status; it applies exactly when the table allows it, and otherwise leaves the row untouched.
 */
class JobStateMachineIntegrationTest extends IntegrationTest {

	@Autowired
	ApplicationJobStore store;

	@Autowired
	EngineDatabase engine;

	@org.junit.jupiter.api.AfterEach
	void removeTheRow() {
		// Rows in states no real path produces (QUEUED without a confirm): keep them out of other tests' way.
		jdbc.sql("delete from {jobs}.job where created_by = 'matrix-test'").update();
	}

	static Stream<Arguments> everyTransitionFromEveryStatus() {
		List<Arguments> all = new ArrayList<>();
		for (Transition transition : Transition.values()) {
			for (JobStatus from : JobStatus.values()) {
				all.add(Arguments.of(transition, from));
			}
		}
		return all.stream();
	}

	@ParameterizedTest(name = "{0} from {1}")
	@MethodSource("everyTransitionFromEveryStatus")
	void transitionAppliesExactlyWhenTheTableAllowsIt(Transition transition, JobStatus from) {
		UUID id = insertJob(from);
		String before = snapshot(id);

		boolean applied = apply(transition, id);

		boolean legal = transition.from().contains(from);
		JobStatus after = JobStatus.valueOf(
				jdbc.sql("select status from {jobs}.job where id = :id").param("id", id).query(String.class).single());
		if (transition == Transition.CANCEL && from == JobStatus.RUNNING) {
			// Cancelling a running job only flags it; the worker ends it.
			assertThat(after).isEqualTo(JobStatus.RUNNING);
			assertThat(jdbc.sql("select cancel_requested from {jobs}.job where id = :id").param("id", id)
				.query(Boolean.class).single()).isTrue();
			return;
		}
		if (transition == Transition.CANCEL && from == JobStatus.CANCELLED) {
			assertThat(snapshot(id)).isEqualTo(before); // cancelling twice changes nothing
			return;
		}
		if (transition == Transition.REQUEUE) {
			// An early message is refused. A waiting job forgets its confirm, so the relay publishes it when
			// due, and a QUEUED one becomes PENDING again; any other job is left as it was.
			boolean waiting = Transition.CLAIM.from().contains(from);
			assertThat(applied).isEqualTo(waiting);
			assertThat(after).isEqualTo(legal ? JobStatus.PENDING : from);
			assertThat(jdbc.sql("select dispatched_at is null from {jobs}.job where id = :id").param("id", id)
				.query(Boolean.class).single()).isEqualTo(waiting);
			return;
		}
		if (transition == Transition.CONFIRM && from == JobStatus.RETRY_WAIT) {
			// A confirmed retry message is recorded, but the job keeps waiting for it.
			assertThat(after).isEqualTo(JobStatus.RETRY_WAIT);
			assertThat(jdbc.sql("select dispatched_at is not null from {jobs}.job where id = :id").param("id", id)
				.query(Boolean.class).single()).isTrue();
			return;
		}
		assertThat(applied).as("%s from %s applied", transition, from).isEqualTo(legal);
		if (legal) {
			assertThat(after).isEqualTo(transition.to());
			assertThat(JobStateMachine.isLegal(from, transition.to())).isTrue();
		}
		else {
			assertThat(snapshot(id)).as("row untouched").isEqualTo(before);
		}
	}

	private boolean apply(Transition transition, UUID id) {
		JobMessage message = new JobMessage(id, "NOOP", 1, 0);
		try {
			return switch (transition) {
				case CONFIRM -> engine.store().outbox().markDispatched(List.of(message)) == 1 && "QUEUED".equals(status(id));
				case REQUEUE -> {
					jdbc.sql("update {jobs}.job set run_at = now() + interval '1 hour', dispatched_at = now() where id = :id")
						.param("id", id)
						.update();
					yield engine.store().claims().claim(message, "test-worker", UUID.randomUUID(), Duration.ofSeconds(30)).early();
				}
				case CLAIM -> engine.store().claims().claim(message, "test-worker", UUID.randomUUID(), Duration.ofSeconds(30)).won();
				case SUCCEED -> engine.store().attemptEnds().endAttempt(id, 1, AttemptEnd.succeeded("{}"));
				case SCHEDULE_RETRY -> engine.store().attemptEnds().endAttempt(id, 1, new AttemptEnd(Transition.SCHEDULE_RETRY,
						AttemptOutcome.FAILED, "boom", null, null, Duration.ofSeconds(1)));
				case FAIL -> engine.store().attemptEnds().endAttempt(id, 1,
						new AttemptEnd(Transition.FAIL, AttemptOutcome.FAILED, "boom", null, null, null));
				case FAIL_UNDELIVERABLE -> engine.store().outbox().failUndeliverable(id, "NOOP", 1, "no queue");
				case CANCEL -> store.endedJobs().cancel(id).row().status() == JobStatus.CANCELLED;
				case STOP_CANCELLED -> engine.store().attemptEnds().endAttempt(id, 1,
						new AttemptEnd(Transition.STOP_CANCELLED, AttemptOutcome.CANCELLED, null, null, null, null));
				case HAND_BACK -> engine.store().attemptEnds().endAttempt(id, 1,
						new AttemptEnd(Transition.HAND_BACK, AttemptOutcome.HANDED_BACK, "stop", null, null, null));
				case RETRY -> store.endedJobs().retry(id, 3).status() == JobStatus.PENDING;
				case RELEASE -> store.awaiting().release(List.of(id)).size() == 1;
				case REAWAIT -> store.awaiting().reawait(List.of(id)).size() == 1;
			};
		}
		catch (IllegalJobTransitionException refused) {
			return false;
		}
	}

	private UUID insertJob(JobStatus status) {
		UUID id = JobIds.next();
		jdbc.sql("""
				insert into {jobs}.job (id, type, payload, status, attempt, max_attempts, run_at, created_by, worker_id,
				                 lease_until, started_at)
				values (:id, 'NOOP', '{}', :status, 1, 3, now() - interval '1 second', 'matrix-test', 'test-worker',
				        now() + interval '1 minute', now())
				""").param("id", id).param("status", status.name()).update();
		return id;
	}

	private String status(UUID id) {
		return jdbc.sql("select status from {jobs}.job where id = :id").param("id", id).query(String.class).single();
	}

	private String snapshot(UUID id) {
		return jdbc.sql("select row_to_json(j)::text from {jobs}.job j where id = :id").param("id", id).query(String.class)
			.single();
	}

}
