package dev.jobs.core.web;

import java.util.List;
import java.util.Map;

import dev.jobs.core.JobStatus;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;

/** A job's workflow as the REST API shows it: its steps with their status and reason, and the edges between them. */
@Schema(name = "Workflow", description = "The jobs connected to a job through dependencies, and the dependencies")
record WorkflowResponse(@ArraySchema(schema = @Schema(implementation = Step.class),
		arraySchema = @Schema(description = "Every job of the workflow",
				requiredMode = Schema.RequiredMode.REQUIRED)) List<Step> steps,
		@ArraySchema(schema = @Schema(implementation = Edge.class),
				arraySchema = @Schema(description = "job waits for dependsOn",
						requiredMode = Schema.RequiredMode.REQUIRED)) List<Edge> edges) {

	/** One job of the workflow. */
	@Schema(name = "WorkflowStep", description = "One job of a workflow and where it stands")
	record Step(@Schema(description = "The job's id", format = "uuid",
			requiredMode = Schema.RequiredMode.REQUIRED) String jobId,
			@Schema(description = "The step's name when it was submitted as a workflow's step, else null",
					example = "ship") String name,
			@Schema(description = "Its type", requiredMode = Schema.RequiredMode.REQUIRED) String type,
			@Schema(description = "Its status: AWAITING while it waits for the steps before it",
					requiredMode = Schema.RequiredMode.REQUIRED) JobStatus status,
			@Schema(description = "Why an awaiting step waits, or why it was cancelled without running") String reason,
			@Schema(description = "Where to poll it", requiredMode = Schema.RequiredMode.REQUIRED) String self) {
	}

	/** A dependency. */
	@Schema(name = "WorkflowEdge", description = "job waits for dependsOn")
	record Edge(@Schema(description = "The waiting job", format = "uuid",
			requiredMode = Schema.RequiredMode.REQUIRED) String job,
			@Schema(description = "The job it waits for", format = "uuid",
					requiredMode = Schema.RequiredMode.REQUIRED) String dependsOn,
			@Schema(description = "Whether job runs even when dependsOn fails or is cancelled",
					requiredMode = Schema.RequiredMode.REQUIRED) boolean runAnyway) {
	}

	/** A submitted workflow: each step's job by the step's name, in the request's order. */
	@Schema(name = "WorkflowSubmitted", description = "Each step's job, by the step's name")
	record Submitted(@Schema(description = "Each step's job by its name, in the request's order",
			requiredMode = Schema.RequiredMode.REQUIRED) Map<String, BulkSubmitRequest.Submitted> steps,
			@Schema(description = "Where to see the workflow's graph",
					requiredMode = Schema.RequiredMode.REQUIRED) String workflow) {
	}

}
