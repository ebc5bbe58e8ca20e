package dev.jobs.core.web;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import tools.jackson.databind.JsonNode;

/** The body of {@code POST /api/jobs/bulk}: up to {@value #MAX_JOBS} jobs, submitted all or none. */
@Schema(description = "Jobs to submit together: all of them or none")
record BulkSubmitRequest(@ArraySchema(schema = @Schema(implementation = Item.class), minItems = 1,
		maxItems = MAX_JOBS, arraySchema = @Schema(description = "1 to " + MAX_JOBS + " jobs, answered in this order",
				requiredMode = Schema.RequiredMode.REQUIRED)) @NotNull(message = "must hold 1 to " + MAX_JOBS + " jobs") @Size(
						min = 1, max = MAX_JOBS, message = "must hold 1 to " + MAX_JOBS
								+ " jobs per request (the bulk limit); split a longer list") List<@Valid @NotNull Item> jobs) {

	/** The most jobs one request may carry. */
	static final int MAX_JOBS = 1000;

	/** One job: the fields of {@code POST /api/jobs}, with its idempotency key in the body. */
	@Schema(name = "BulkSubmitItem", description = "One job of a bulk submission")
	record Item(
			@Schema(description = "A registered job type (see GET /api/job-types)", example = "NOOP",
					requiredMode = Schema.RequiredMode.REQUIRED) @NotBlank @Size(max = 100) String type,
			@Schema(description = "The type's payload; its schema is listed by GET /api/job-types",
					example = "{}") JsonNode payload,
			@Schema(description = "Unique per submitter: letters, digits and . _ : - (at most 200). A key used "
					+ "before returns that job (replayed: true); the same key twice in one request with another "
					+ "type or payload is 422", example = "invoice-2026-0042") String idempotencyKey,
			@Schema(description = "0 (default) to 9; higher runs first where the queue supports priorities",
					example = "0") @Min(0) @Max(9) Integer priority,
			@Schema(description = "Earliest time to run, ISO-8601; default now",
					example = "2026-11-28T10:15:00Z") Instant runAt,
			@Schema(description = "Attempts before the job fails for good; default from the type's settings",
					example = "3") @Min(1) @Max(100) Integer maxAttempts,
			@ArraySchema(schema = @Schema(format = "uuid", example = "0b7a64c4-3c2e-4a51-9d3e-5b1f2a7c9e10"),
					maxItems = SubmitJobRequest.MAX_DEPENDENCIES,
					arraySchema = @Schema(description = "Jobs (ids) that must all succeed before this one runs (see "
							+ "POST /api/jobs); a job you may not see is refused as unknown")) @Size(
									max = SubmitJobRequest.MAX_DEPENDENCIES) List<UUID> dependsOn) {

		/** The job as the submission checks see it, at {@code list[index]}. */
		SubmissionChecks.Entry entry(String at) {
			return new SubmissionChecks.Entry(at, type, payload, idempotencyKey, dependsOn);
		}

		/** The options of the job, submitted by {@code createdBy}. */
		dev.jobs.core.SubmitOptions options(String createdBy) {
			return dev.jobs.core.SubmitOptions.defaults()
				.withIdempotencyKey(idempotencyKey)
				.withPriority(priority)
				.withRunAt(runAt)
				.withMaxAttempts(maxAttempts)
				.withCreatedBy(createdBy)
				.withDependsOn((dependsOn != null) ? dependsOn : List.of());
		}

	}

	/** The answer: one entry per job, in the request's order. */
	@Schema(name = "BulkSubmitResponse", description = "The jobs, in the request's order")
	record Response(@ArraySchema(schema = @Schema(implementation = Submitted.class),
			arraySchema = @Schema(description = "One entry per job of the request, in its order",
					requiredMode = Schema.RequiredMode.REQUIRED)) List<Submitted> jobs) {
	}

	/** One job of the answer. */
	@Schema(name = "BulkSubmitted", description = "A job of a bulk submission")
	record Submitted(@Schema(description = "The job's id", requiredMode = Schema.RequiredMode.REQUIRED) String id,
			@Schema(description = "Its type", requiredMode = Schema.RequiredMode.REQUIRED) String type,
			@Schema(description = "Its status now", requiredMode = Schema.RequiredMode.REQUIRED) String status,
			@Schema(description = "true when the idempotency key named a job submitted earlier, which this is",
					requiredMode = Schema.RequiredMode.REQUIRED) boolean replayed,
			@Schema(description = "Where to poll it", requiredMode = Schema.RequiredMode.REQUIRED) String self) {
	}

}
