package dev.jobs.core;

import java.util.List;

/**
 * A workflow to submit: named steps and the steps each waits for. Build one with {@link JobClient#workflow()}.
 */
public record WorkflowRequest(List<Step> steps) {

	public WorkflowRequest {
		steps = List.copyOf(steps);
	}

	/**
	 * One step.
	 * @param name unique within the workflow (at most 100 characters)
	 * @param after the names of the steps that must succeed first
	 * @param runAnyway whether the step runs even when a step it waits for fails or is cancelled (it still waits
	 * for them to end); by default it is cancelled with the reason
	 */
	public record Step(String name, JobClient.JobRequest job, List<String> after, boolean runAnyway) {

		public Step {
			after = List.copyOf(after);
		}

	}

}
