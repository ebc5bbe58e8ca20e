package dev.jobs.core.web;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import tools.jackson.databind.JsonNode;

/** The body of {@code POST /api/jobs}. */
@Schema(description = "A job to run in the background")
record SubmitJobRequest(
		@Schema(description = "A registered job type (see GET /api/job-types)", example = "SLEEP",
				requiredMode = Schema.RequiredMode.REQUIRED) @NotBlank @Size(max = 100) String type,
		@Schema(description = "The type's payload; its schema is listed by GET /api/job-types",
				example = "{\"millis\": 500, \"failTimes\": 0}") JsonNode payload,
		@Schema(description = "0 (default) to 9; higher runs first where the queue supports priorities",
				example = "0") @Min(0) @Max(9) Integer priority,
		@Schema(description = "Earliest time to run, ISO-8601; default now",
				example = "2026-11-28T10:15:00Z") Instant runAt,
		@Schema(description = "Attempts before the job fails for good; default from the type's settings",
				example = "3") @Min(1) @Max(100) Integer maxAttempts,
		@ArraySchema(schema = @Schema(format = "uuid", example = "0b7a64c4-3c2e-4a51-9d3e-5b1f2a7c9e10"),
				maxItems = MAX_DEPENDENCIES,
				arraySchema = @Schema(description = "Jobs (ids) that must all succeed before this one runs; until then "
						+ "it waits as AWAITING, and if one of them fails for good or is cancelled it is cancelled "
						+ "with the reason. A job you may not see is refused as unknown (400 naming dependsOn[i])")) @Size(
								max = MAX_DEPENDENCIES) List<UUID> dependsOn) {

	/** The most jobs one job may wait for over REST. */
	static final int MAX_DEPENDENCIES = 100;

}
