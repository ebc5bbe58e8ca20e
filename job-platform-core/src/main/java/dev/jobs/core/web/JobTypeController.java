package dev.jobs.core.web;

import dev.jobs.core.operationlog.OperationLog;
import java.util.List;
import java.util.Map;

import dev.jobs.core.delivery.DeadLetters;
import dev.jobs.core.job.JobTypeRegistry;
import dev.jobs.core.job.JobTypeSettings;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** What job types this platform runs, with their settings and payload schemas. */
@RestController
@RequestMapping("/api/job-types")
@Tag(name = "Job types", description = "The registered job types, their settings and dead letters")
class JobTypeController {

	/** At most this many parked messages per re-drive call; call again for more. */
	static final int REDRIVE_LIMIT = 10_000;

	private final JobTypeRegistry registry;

	private final DeadLetters deadLetters;

	private final JobAccess access;

	JobTypeController(JobTypeRegistry registry, DeadLetters deadLetters, JobAccess access) {
		this.registry = registry;
		this.deadLetters = deadLetters;
		this.access = access;
	}

	@PostMapping("/{type}/dead-letters/redrive")
	@OperationLog(action = "DEAD_LETTER_REDRIVE", target = "#type",
			success = "re-drove #{#result.redriven} parked #{#type} job(s) from #{#result.queue}, "
					+ "skipped #{#result.skipped}",
			fail = "could not re-drive the parked #{#type} jobs: #{#errorMessage}")
	@Operation(summary = "Retry every parked (dead-lettered) job of a type",
			description = "Each parked job that is still FAILED gets a new attempt and its message leaves the "
					+ "dead-letter queue; jobs already retried are skipped. Safe to repeat. At most 10,000 per call.")
	DeadLetters.Redrive redrive(@PathVariable String type, HttpServletRequest http) {
		if (!access.isAdmin(http)) {
			throw new ForbiddenException("Dead-letter actions are for administrators " + access.adminRoles());
		}
		return deadLetters.redrive(type, REDRIVE_LIMIT);
	}

	@GetMapping
	@Operation(summary = "Registered job types",
			description = "Each type's name, payload class, effective settings (retries, backoff, timeout, "
					+ "concurrency, who may submit) and a JSON schema of its payload.")
	List<JobTypeResponse> list(HttpServletRequest http) {
		// Payload classes and settings are the application's internals: a caller like any other (a
		// 401 without a principal unless jobs.api.allow-anonymous).
		access.caller(http);
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
