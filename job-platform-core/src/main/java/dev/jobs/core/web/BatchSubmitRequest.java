package dev.jobs.core.web;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.jobs.core.BatchCallback;
import dev.jobs.core.SubmitOptions;
import dev.jobs.core.web.BulkSubmitRequest.Item;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import tools.jackson.databind.JsonNode;

/**
 * The body of {@code POST /api/batches}: members (the items of {@code POST /api/jobs/bulk}, at most as many) and
 * callbacks by kind.
 */
@Schema(name = "BatchSubmitRequest",
		description = "Jobs submitted together as one batch, all or none, with callback jobs released when the batch "
				+ "reaches their condition")
record BatchSubmitRequest(
		@Schema(description = "Shown with the batch and to its callbacks' handlers (at most 500 characters)",
				example = "Export every department") @Size(max = 500) String description,
		@Schema(description = "true: members may not add members while they run (default false)",
				example = "false") Boolean sealed,
		@ArraySchema(schema = @Schema(implementation = BulkSubmitRequest.Item.class), minItems = 1,
				maxItems = BulkSubmitRequest.MAX_JOBS,
				arraySchema = @Schema(description = "1 to " + BulkSubmitRequest.MAX_JOBS
						+ " jobs, answered in this order; each follows POST /api/jobs's rules",
						requiredMode = Schema.RequiredMode.REQUIRED)) @NotNull(
								message = "must hold 1 to " + BulkSubmitRequest.MAX_JOBS + " jobs") @Size(min = 1,
										max = BulkSubmitRequest.MAX_JOBS, message = "must hold 1 to "
												+ BulkSubmitRequest.MAX_JOBS
												+ " jobs per request (the bulk limit); add more from inside members, "
												+ "or submit several batches") List<@Valid @NotNull Item> members,
		@Schema(implementation = Callbacks.class) Map<String, @Valid @NotNull Callback> callbacks) {

	/** The names of the callbacks in a request, by kind. */
	static String nameOf(BatchCallback kind) {
		return switch (kind) {
			case ON_SUCCESS -> "onSuccess";
			case ON_COMPLETE -> "onComplete";
			case ON_FAILURE -> "onFailure";
		};
	}

	/** The kind a request's callback name stands for, or {@code null} for a name that is none. */
	static BatchCallback kindOf(String name) {
		for (BatchCallback kind : BatchCallback.values()) {
			if (nameOf(kind).equals(name)) {
				return kind;
			}
		}
		return null;
	}

	/** What the description says the callbacks are: the schema of {@link #callbacks}, which binds any key to refuse it. */
	@Schema(name = "BatchCallbacks", description = "The callback jobs, at most one per kind; each is stored with the "
			+ "batch, waits (AWAITING) and is released once when the batch reaches its condition, or cancelled when it "
			+ "never can. Other keys are refused")
	record Callbacks(
			@Schema(description = "Released once every member succeeded (perhaps after a retry of failed "
					+ "members)") Callback onSuccess,
			@Schema(description = "Released once every member ended, whatever the outcome") Callback onComplete,
			@Schema(description = "Released when the first member fails for good") Callback onFailure) {
	}

	/** One callback job: the fields of {@code POST /api/jobs}. */
	@Schema(name = "BatchCallbackJob", description = "A callback job; its handler sees the batch through its context")
	record Callback(
			@Schema(description = "A registered job type (see GET /api/job-types)", example = "NOOP",
					requiredMode = Schema.RequiredMode.REQUIRED) @NotBlank @Size(max = 100) String type,
			@Schema(description = "The type's payload; its schema is listed by GET /api/job-types",
					example = "{}") JsonNode payload,
			@Schema(description = "0 (default) to 9; higher runs first where the queue supports priorities",
					example = "0") @Min(0) @Max(9) Integer priority,
			@Schema(description = "Earliest time to run once released, ISO-8601; default at once",
					example = "2026-11-28T10:15:00Z") Instant runAt,
			@Schema(description = "Attempts before the job fails for good; default from the type's settings",
					example = "3") @Min(1) @Max(100) Integer maxAttempts) {

		SubmissionChecks.Entry entry(String at) {
			return new SubmissionChecks.Entry(at, type, payload, null, List.of());
		}

		SubmitOptions options(String createdBy) {
			return SubmitOptions.defaults()
				.withPriority(priority)
				.withRunAt(runAt)
				.withMaxAttempts(maxAttempts)
				.withCreatedBy(createdBy);
		}

	}

}
