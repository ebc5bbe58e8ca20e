package dev.jobs.core;

import java.util.List;
import java.util.UUID;

/**
 * A graph of jobs and the dependencies between them ({@link SubmitOptions#dependsOn()}, {@link WorkflowBuilder}).
 */
public record WorkflowView(List<Step> steps, List<Edge> edges) {

	/**
	 * One job of the graph.
	 * @param name the step's name when it was submitted as a workflow's step, else {@code null}
	 * @param reason why an awaiting step waits, or why it was cancelled without running
	 */
	public record Step(UUID jobId, String name, String type, JobStatus status, String reason) {
	}

	/**
	 * {@code job} waits for {@code dependsOn}.
	 * @param runAnyway whether {@code job} runs even when {@code dependsOn} fails or is cancelled
	 */
	public record Edge(UUID job, UUID dependsOn, boolean runAnyway) {
	}

}
