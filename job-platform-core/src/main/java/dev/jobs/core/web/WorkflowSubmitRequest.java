package dev.jobs.core.web;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.jobs.core.SubmitOptions;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import tools.jackson.databind.JsonNode;

/** The body of {@code POST /api/workflows}: named steps and the steps each waits for. */
@Schema(name = "WorkflowSubmitRequest", description = "Jobs that run in order: each step waits for the steps it "
		+ "comes after")
record WorkflowSubmitRequest(@ArraySchema(schema = @Schema(implementation = Step.class), minItems = 1,
		maxItems = BulkSubmitRequest.MAX_JOBS,
		arraySchema = @Schema(description = "1 to " + BulkSubmitRequest.MAX_JOBS + " steps, names unique",
				requiredMode = Schema.RequiredMode.REQUIRED)) @NotNull(
						message = "must hold 1 to " + BulkSubmitRequest.MAX_JOBS + " steps") @Size(min = 1,
								max = BulkSubmitRequest.MAX_JOBS, message = "must hold 1 to "
										+ BulkSubmitRequest.MAX_JOBS
										+ " steps per request (the bulk limit)") List<@Valid @NotNull Step> steps) {

	/** One step: a name, the fields of {@code POST /api/jobs}, and the steps it waits for. */
	@Schema(name = "WorkflowStepRequest", description = "One step of a workflow")
	record Step(
			@Schema(description = "Unique within the workflow (at most 100 characters)", example = "ship",
					requiredMode = Schema.RequiredMode.REQUIRED) @NotBlank @Size(max = 100) String name,
			@Schema(description = "A registered job type (see GET /api/job-types)", example = "NOOP",
					requiredMode = Schema.RequiredMode.REQUIRED) @NotBlank @Size(max = 100) String type,
			@Schema(description = "The type's payload; its schema is listed by GET /api/job-types",
					example = "{}") JsonNode payload,
			@ArraySchema(schema = @Schema(example = "charge"), maxItems = BulkSubmitRequest.MAX_JOBS,
					arraySchema = @Schema(description = "The names of the steps that must succeed first; none: the "
							+ "step is queued at once")) @Size(max = BulkSubmitRequest.MAX_JOBS) List<@NotBlank String> after,
			@Schema(description = "true: the step runs once the steps it waits for have ended, even if they failed or "
					+ "were cancelled; by default it is then cancelled with the reason", example = "false") Boolean runAnyway,
			@Schema(description = "Unique per submitter: letters, digits and . _ : - (at most 200). A key used "
					+ "before returns that job", example = "order-42-ship") String idempotencyKey,
			@Schema(description = "0 (default) to 9; higher runs first where the queue supports priorities",
					example = "0") @Min(0) @Max(9) Integer priority,
			@Schema(description = "Earliest time to run, ISO-8601; default as soon as it may",
					example = "2026-11-28T10:15:00Z") Instant runAt,
			@Schema(description = "Attempts before the job fails for good; default from the type's settings",
					example = "3") @Min(1) @Max(100) Integer maxAttempts) {

		SubmissionChecks.Entry entry(String at) {
			return new SubmissionChecks.Entry(at, type, payload, idempotencyKey, List.<UUID>of());
		}

		SubmitOptions options(String createdBy) {
			return SubmitOptions.defaults()
				.withIdempotencyKey(idempotencyKey)
				.withPriority(priority)
				.withRunAt(runAt)
				.withMaxAttempts(maxAttempts)
				.withCreatedBy(createdBy);
		}

	}

}
