package dev.jobs.core.web;

import java.time.Instant;

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
				example = "3") @Min(1) @Max(100) Integer maxAttempts) {
}
