package dev.jobs.core;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds and submits a workflow, all or none, in the caller's transaction when there is one:
 *
 * <pre>{@code
 * WorkflowSubmission order = jobClient.workflow()
 *     .step("charge", CHARGE, new Charge(orderId))
 *     .step("ship", SHIP, new Ship(orderId)).after("charge")
 *     .step("notify", NOTIFY, new Notify(orderId)).after("ship")
 *     .step("audit", AUDIT, new Audit(orderId)).after("charge").runAnyway()
 *     .submit();
 * }</pre>
 *
 * A step waits ({@link JobStatus#AWAITING}) until every step it comes {@link #after} has succeeded; if one of them
 * fails for good or is cancelled, it is cancelled with the reason, and so are the steps after it, unless it
 * {@link #runAnyway() runs anyway}. Unknown steps and cycles are refused with the step's name.
 */
public final class WorkflowBuilder {

	private final JobClient client;

	private final List<WorkflowRequest.Step> steps = new ArrayList<>();

	WorkflowBuilder(JobClient client) {
		this.client = client;
	}

	public WorkflowBuilder step(String name, String type, Object payload, SubmitOptions options) {
		steps.add(new WorkflowRequest.Step(name, new JobClient.JobRequest(type, payload, options), List.of(), false));
		return this;
	}

	public WorkflowBuilder step(String name, String type, Object payload) {
		return step(name, type, payload, SubmitOptions.defaults());
	}

	/** Typed: compiles only with the type's payload class. */
	public <P> WorkflowBuilder step(String name, JobType<P> type, P payload) {
		return step(name, type.name(), payload, SubmitOptions.defaults());
	}

	public <P> WorkflowBuilder step(String name, JobType<P> type, P payload, SubmitOptions options) {
		return step(name, type.name(), payload, options);
	}

	/** The step added last waits for these steps. */
	public WorkflowBuilder after(String... names) {
		WorkflowRequest.Step last = last("after");
		List<String> after = new ArrayList<>(last.after());
		after.addAll(List.of(names));
		steps.set(steps.size() - 1, new WorkflowRequest.Step(last.name(), last.job(), after, last.runAnyway()));
		return this;
	}

	/** The step added last runs once the steps it waits for have ended, even if they failed. */
	public WorkflowBuilder runAnyway() {
		WorkflowRequest.Step last = last("runAnyway");
		steps.set(steps.size() - 1, new WorkflowRequest.Step(last.name(), last.job(), last.after(), true));
		return this;
	}

	private WorkflowRequest.Step last(String what) {
		if (steps.isEmpty()) {
			throw new IllegalStateException(what + "() applies to the step added last: add a step first");
		}
		return steps.get(steps.size() - 1);
	}

	public WorkflowRequest build() {
		return new WorkflowRequest(steps);
	}

	/** Submits the workflow: see {@link JobClient#submitWorkflow}. */
	public WorkflowSubmission submit() {
		return client.submitWorkflow(build());
	}

}
