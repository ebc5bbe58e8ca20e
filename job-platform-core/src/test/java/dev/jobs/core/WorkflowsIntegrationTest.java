package dev.jobs.core;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Workflows on the real services: steps run in order, a failed step cancels the steps after it (with the reason)
 * unless they run anyway, a retry makes them wait again, and a graph that cannot run is refused naming the step.
 */
class WorkflowsIntegrationTest extends IntegrationTest {

	private static final Duration WAIT = Duration.ofSeconds(30);

	@Autowired
	Batches batches;

	private final List<UUID> probed = new ArrayList<>();

	@AfterEach
	void removeProbes() {
		probed.forEach(id -> TestHandlers.onRun(id, null));
	}

	@Test
	void chargeShipNotifyRunInOrder() {
		WorkflowSubmission order = jobs.workflow()
			.step("charge", "RECORD", new TestHandlers.RecordPayload("charge", 50))
			.step("ship", "RECORD", new TestHandlers.RecordPayload("ship", 0)).after("charge")
			.step("notify", "RECORD", new TestHandlers.RecordPayload("notify", 0)).after("ship")
			.submit();

		assertThat(jobs.find(order.id("notify")).orElseThrow().status()).isEqualTo(JobStatus.AWAITING);
		JobView notify = awaitStatus(order.id("notify"), JobStatus.SUCCEEDED, WAIT);

		JobView charge = jobs.find(order.id("charge")).orElseThrow();
		JobView ship = jobs.find(order.id("ship")).orElseThrow();
		assertThat(ship.startedAt()).isAfterOrEqualTo(charge.finishedAt());
		assertThat(notify.startedAt()).isAfterOrEqualTo(ship.finishedAt());
		List.of(charge, ship, notify).forEach(j -> assertThat(TestHandlers.executions(j.id())).isEqualTo(1));
		WorkflowView graph = batches.workflow(order.id("ship"));
		assertThat(graph.steps()).extracting(WorkflowView.Step::name).containsExactlyInAnyOrder("charge", "ship",
				"notify");
		assertThat(graph.edges()).containsExactlyInAnyOrder(
				new WorkflowView.Edge(order.id("ship"), order.id("charge"), false),
				new WorkflowView.Edge(order.id("notify"), order.id("ship"), false));
	}

	@Test
	void aFailedChargeCancelsShipAndNotifyWithTheReasonRunsTheAuditAnywayAndItsRetryRunsThemAfterAll() {
		WorkflowSubmission order = jobs.workflow()
			.step("charge", "RECORD", new TestHandlers.RecordPayload("charge", 0),
					SubmitOptions.defaults().withMaxAttempts(1).withRunAt(Instant.now().plusSeconds(1)))
			.step("ship", "RECORD", new TestHandlers.RecordPayload("ship", 0)).after("charge")
			.step("notify", "RECORD", new TestHandlers.RecordPayload("notify", 0)).after("ship")
			.step("audit", "RECORD", new TestHandlers.RecordPayload("audit", 0)).after("charge").runAnyway()
			.submit();
		UUID charge = order.id("charge");
		probed.add(charge);
		TestHandlers.onRun(charge, () -> {
			throw new IllegalStateException("card declined");
		});

		awaitStatus(charge, JobStatus.FAILED, WAIT);
		JobView ship = awaitStatus(order.id("ship"), JobStatus.CANCELLED, WAIT);
		JobView notify = awaitStatus(order.id("notify"), JobStatus.CANCELLED, WAIT);
		awaitStatus(order.id("audit"), JobStatus.SUCCEEDED, WAIT);

		assertThat(ship.lastError()).contains(charge.toString()).contains("ended FAILED");
		assertThat(notify.lastError()).contains(order.id("ship").toString()).contains("ended CANCELLED");
		assertThat(TestHandlers.executions(order.id("ship"))).isZero();
		assertThat(TestHandlers.executions(order.id("notify"))).isZero();

		TestHandlers.onRun(charge, null);
		jobs.retry(charge);

		awaitStatus(order.id("notify"), JobStatus.SUCCEEDED, WAIT);
		assertThat(TestHandlers.executions(order.id("ship"))).isEqualTo(1);
		assertThat(TestHandlers.executions(order.id("notify"))).isEqualTo(1);
		assertThat(TestHandlers.executions(order.id("audit"))).as("the audit ran once, after the failure").isEqualTo(1);
	}

	@Test
	void cyclesUnknownStepsAndRepeatedNamesAreRefusedNamingTheStep() {
		long before = jdbc.sql("select count(*) from {jobs}.job").query(Long.class).single();

		assertThatThrownBy(() -> jobs.workflow()
			.step("a", "RECORD", new TestHandlers.RecordPayload("a", 0)).after("c")
			.step("b", "RECORD", new TestHandlers.RecordPayload("b", 0)).after("a")
			.step("c", "RECORD", new TestHandlers.RecordPayload("c", 0)).after("b")
			.step("d", "RECORD", new TestHandlers.RecordPayload("d", 0))
			.submit())
			.isInstanceOf(InvalidWorkflowException.class)
			.satisfies(ex -> assertThat(((InvalidWorkflowException) ex).field()).isEqualTo("steps[0] (a)"))
			.hasMessageContaining("cycle");
		assertThatThrownBy(() -> jobs.workflow()
			.step("ship", "RECORD", new TestHandlers.RecordPayload("ship", 0)).after("charge")
			.submit())
			.isInstanceOf(InvalidWorkflowException.class)
			.hasMessageContaining("steps[0] (ship)")
			.hasMessageContaining("\"charge\", which is not a step");
		assertThatThrownBy(() -> jobs.workflow()
			.step("x", "RECORD", new TestHandlers.RecordPayload("x", 0))
			.step("x", "RECORD", new TestHandlers.RecordPayload("x", 0))
			.submit())
			.isInstanceOf(InvalidWorkflowException.class)
			.hasMessageContaining("steps[1] (x)");
		assertThatThrownBy(() -> jobs.workflow()
			.step("charge", "RECORD", new TestHandlers.RecordPayload("charge", 0))
			.step("ship", "RECORD", java.util.Map.of("name", "", "sleepMillis", 0)).after("charge")
			.submit())
			.isInstanceOf(InvalidJobPayloadException.class)
			.satisfies(ex -> assertThat(((InvalidJobPayloadException) ex).errors())
				.anySatisfy(e -> assertThat(e.field()).isEqualTo("steps[1] (ship).payload.name")));
		assertThat(jdbc.sql("select count(*) from {jobs}.job").query(Long.class).single()).isEqualTo(before);
	}

	@Test
	void aJobDependsOnStoredJobsAndRunsOnceTheySucceeded() {
		UUID first = jobs.submit("RECORD", new TestHandlers.RecordPayload("first", 200)).id();
		UUID second = jobs.submit("RECORD", new TestHandlers.RecordPayload("second", 0)).id();

		JobClient.Submission after = jobs.submit("RECORD", new TestHandlers.RecordPayload("after", 0),
				SubmitOptions.defaults().withDependsOn(first, second));

		assertThat(after.job().status()).isIn(JobStatus.AWAITING, JobStatus.PENDING);
		JobView ran = awaitStatus(after.id(), JobStatus.SUCCEEDED, WAIT);
		assertThat(ran.startedAt()).isAfterOrEqualTo(jobs.find(first).orElseThrow().finishedAt());
		assertThat(TestHandlers.executions(after.id())).isEqualTo(1);
	}

	@Test
	void dependenciesOnUnknownOrFailedJobsAreRefusedNamingTheDependency() {
		UUID unknown = UUID.randomUUID();
		assertThatThrownBy(() -> jobs.submit("RECORD", new TestHandlers.RecordPayload("x", 0),
				SubmitOptions.defaults().withDependsOn(unknown)))
			.isInstanceOf(InvalidWorkflowException.class)
			.satisfies(ex -> assertThat(((InvalidWorkflowException) ex).field()).isEqualTo("dependsOn[0]"))
			.hasMessageContaining(unknown.toString());

		UUID failed = jobs.submit("ALWAYS_FAIL", new TestHandlers.FailPayload("dependency"),
				SubmitOptions.defaults().withMaxAttempts(1)).id();
		awaitStatus(failed, JobStatus.FAILED, WAIT);
		assertThatThrownBy(() -> jobs.submitAll(List.of(
				JobClient.JobRequest.of("RECORD", new TestHandlers.RecordPayload("ok", 0)),
				new JobClient.JobRequest("RECORD", new TestHandlers.RecordPayload("x", 0),
						SubmitOptions.defaults().withDependsOn(failed)))))
			.isInstanceOf(InvalidWorkflowException.class)
			.hasMessageContaining("jobs[1].dependsOn[0]")
			.hasMessageContaining("ended FAILED");
	}

	@Test
	void cancellingAWaitingStepCancelsTheStepsAfterIt() {
		WorkflowSubmission flow = jobs.workflow()
			.step("first", "RECORD", new TestHandlers.RecordPayload("first", 0),
					SubmitOptions.defaults().withRunAt(Instant.now().plusSeconds(3600)))
			.step("second", "RECORD", new TestHandlers.RecordPayload("second", 0)).after("first")
			.step("third", "RECORD", new TestHandlers.RecordPayload("third", 0)).after("second")
			.submit();

		jobs.cancel(flow.id("second"));

		assertThat(jobs.find(flow.id("second")).orElseThrow().status()).isEqualTo(JobStatus.CANCELLED);
		JobView third = jobs.find(flow.id("third")).orElseThrow();
		assertThat(third.status()).isEqualTo(JobStatus.CANCELLED);
		assertThat(third.lastError()).contains(flow.id("second").toString());
		assertThat(jobs.find(flow.id("first")).orElseThrow().status()).isEqualTo(JobStatus.PENDING);
		jobs.cancel(flow.id("first"));
	}

	@Test
	void aDependentSubmittedWhileItsDependencyRunsIsReleasedWhenItEnds() {
		UUID running = jobs.submit("RECORD", new TestHandlers.RecordPayload("runs a while", 1500)).id();
		awaitStatus(running, JobStatus.RUNNING, WAIT);

		// Its worker claimed it before anything depended on it, so its end does not look for dependents: the sweep
		// of waiting jobs releases this one within a round.
		UUID dependent = jobs.submit("RECORD", new TestHandlers.RecordPayload("late", 0),
				SubmitOptions.defaults().withDependsOn(running)).id();

		assertThat(jobs.find(dependent).orElseThrow().status()).isEqualTo(JobStatus.AWAITING);
		JobView ran = awaitStatus(dependent, JobStatus.SUCCEEDED, WAIT);
		assertThat(ran.startedAt()).isAfterOrEqualTo(jobs.find(running).orElseThrow().finishedAt());
		assertThat(TestHandlers.executions(dependent)).isEqualTo(1);
	}

	@Test
	void aDependentSubmittedWhileItsDependencyRunsIsCancelledWhenItFails() {
		java.util.concurrent.CountDownLatch dependentSubmitted = new java.util.concurrent.CountDownLatch(1);
		UUID running = jobs.submit("RECORD", new TestHandlers.RecordPayload("fails later", 0),
				SubmitOptions.defaults().withMaxAttempts(1).withRunAt(Instant.now().plusMillis(500))).id();
		probed.add(running);
		TestHandlers.onRun(running, () -> {
			try {
				dependentSubmitted.await(20, java.util.concurrent.TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			throw new IllegalStateException("fails once its dependent exists");
		});
		awaitStatus(running, JobStatus.RUNNING, WAIT);
		UUID dependent = jobs.submit("RECORD", new TestHandlers.RecordPayload("late", 0),
				SubmitOptions.defaults().withDependsOn(running)).id();
		dependentSubmitted.countDown();

		JobView cancelled = awaitStatus(dependent, JobStatus.CANCELLED, WAIT);
		assertThat(cancelled.lastError()).contains(running.toString()).contains("ended FAILED");
		assertThat(TestHandlers.executions(dependent)).isZero();
	}

	@Test
	void aWaitingJobWhoseDependencyWasDeletedIsCancelledWithTheReason() {
		// The narrow window: a dependency deleted before its dependent was resolved (rows written as that leaves them).
		UUID waiting = insertJob("RECORD", JobStatus.AWAITING.name(), 0, 3, null, "now()", "null");
		UUID deleted = UUID.randomUUID();
		jdbc.sql("insert into {jobs}.job_dependency (job_id, depends_on) values (:job, :dependency)")
			.param("job", waiting)
			.param("dependency", deleted)
			.update();

		JobView cancelled = awaitStatus(waiting, JobStatus.CANCELLED, WAIT);

		assertThat(cancelled.lastError()).contains(deleted.toString()).contains("was deleted");
		assertThat(TestHandlers.executions(waiting)).isZero();
	}

}
