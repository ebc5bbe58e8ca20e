package dev.jobs.core.web;

import java.util.List;
import java.util.Map;

import dev.jobs.core.job.JobTypeRegistry;
import dev.jobs.core.job.JobTypeSettings;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** What job types this platform runs, with their settings and payload schemas. */
@RestController
@RequestMapping("/api/job-types")
@Tag(name = "Job types")
class JobTypeController {

	private final JobTypeRegistry registry;

	JobTypeController(JobTypeRegistry registry) {
		this.registry = registry;
	}

	@GetMapping
	@Operation(summary = "Registered job types, their settings and a JSON schema of each payload")
	List<JobTypeResponse> list() {
		return registry.all()
			.stream()
			.map(t -> new JobTypeResponse(t.name(), t.handler().payloadType().getName(), t.settings(),
					PayloadSchemas.of(t.handler().payloadType())))
			.toList();
	}

	record JobTypeResponse(String type, String payloadClass, JobTypeSettings settings,
			Map<String, Object> payloadSchema) {
	}

}
