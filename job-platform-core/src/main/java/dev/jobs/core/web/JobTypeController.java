package dev.jobs.core.web;

import dev.jobs.core.operationlog.OperationLog;
import java.util.List;
import java.util.Map;

import dev.jobs.core.JobTypeControls;
import dev.jobs.core.RateLimit;
import dev.jobs.core.delivery.DeadLetters;
import dev.jobs.core.job.JobTypeRegistry;
import dev.jobs.core.job.JobTypeSettings;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
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

	private final JobTypeControls controls;

	JobTypeController(JobTypeRegistry registry, DeadLetters deadLetters, JobAccess access, JobTypeControls controls) {
		this.registry = registry;
		this.deadLetters = deadLetters;
		this.access = access;
		this.controls = controls;
	}

	@PostMapping("/{type}/pause")
	@OperationLog(action = "JOB_TYPE_PAUSE", target = "#type", success = "paused job type #{#type}",
			fail = "could not pause job type #{#type}: #{#errorMessage}")
	@Operation(summary = "Pause a job type on every instance",
			description = "Within about a second (jobs.controls.poll-interval) no instance starts a new attempt of the "
					+ "type; running attempts finish. Submissions are still accepted and wait in the queue; nothing is "
					+ "failed, dead-lettered or charged an attempt. Durable across restarts. Safe to repeat. "
					+ "Administrators only.")
	TypeControlResponse pause(@PathVariable String type, HttpServletRequest http) {
		return TypeControlResponse.of(controls.pause(type, requireAdmin(http)));
	}

	@PostMapping("/{type}/resume")
	@OperationLog(action = "JOB_TYPE_RESUME", target = "#type", success = "resumed job type #{#type}",
			fail = "could not resume job type #{#type}: #{#errorMessage}")
	@Operation(summary = "Resume a paused job type on every instance",
			description = "Its waiting jobs start within about a second. Safe to repeat. Administrators only.")
	TypeControlResponse resume(@PathVariable String type, HttpServletRequest http) {
		return TypeControlResponse.of(controls.resume(type, requireAdmin(http)));
	}

	/** A new per-instance concurrency. */
	record ConcurrencyRequest(@Schema(description = "Consumers per instance, 1 to 256", example = "4") Integer concurrency) {
	}

	@PutMapping("/{type}/concurrency")
	@OperationLog(action = "JOB_TYPE_SCALE", target = "#type",
			success = "set job type #{#type} to #{#result.effectiveConcurrency} consumer(s) per instance",
			fail = "could not scale job type #{#type}: #{#errorMessage}")
	@Operation(summary = "Change a job type's consumers per instance, on every instance, until reset",
			description = "Applied within about a second without a restart, kept across restarts until DELETE resets it "
					+ "to jobs.types.<TYPE>.concurrency. 400 naming the field below 1 or above 256. Administrators only.")
	TypeControlResponse scale(@PathVariable String type, @RequestBody ConcurrencyRequest request,
			HttpServletRequest http) {
		String admin = requireAdmin(http);
		int concurrency = requireCount("concurrency", (request != null) ? request.concurrency() : null,
				JobTypeControls.MAX_CONCURRENCY, "the consumers per instance");
		return TypeControlResponse.of(controls.scale(type, concurrency, admin));
	}

	@DeleteMapping("/{type}/concurrency")
	@OperationLog(action = "JOB_TYPE_SCALE_RESET", target = "#type",
			success = "reset job type #{#type} to its configured #{#result.effectiveConcurrency} consumer(s) per instance",
			fail = "could not reset the concurrency of job type #{#type}: #{#errorMessage}")
	@Operation(summary = "Reset a job type's consumers per instance to its configured value",
			description = "Back to jobs.types.<TYPE>.concurrency on every instance within about a second. Administrators only.")
	TypeControlResponse resetConcurrency(@PathVariable String type, HttpServletRequest http) {
		return TypeControlResponse.of(controls.resetConcurrency(type, requireAdmin(http)));
	}

	/** A new limit of attempts running across all instances. */
	record GlobalConcurrencyRequest(
			@Schema(description = "Attempts of the type running at once across all instances, 1 to 100000", example = "2") Integer globalConcurrency) {
	}

	@PutMapping("/{type}/global-concurrency")
	@OperationLog(action = "JOB_TYPE_LIMIT_CONCURRENCY", target = "#type",
			success = "limited job type #{#type} to #{#result.effectiveGlobalConcurrency} attempt(s) running across all instances",
			fail = "could not limit job type #{#type}: #{#errorMessage}")
	@Operation(summary = "Limit a job type's attempts running at once across all instances, until reset",
			description = "Applied within about a second without a restart, kept across restarts until DELETE resets it "
					+ "to jobs.types.<TYPE>.global-concurrency. Jobs over the limit wait in their queue: never failed, "
					+ "dead-lettered or charged an attempt. 400 naming the field below 1 or above 100000. "
					+ "Administrators only.")
	TypeControlResponse limitGlobalConcurrency(@PathVariable String type, @RequestBody GlobalConcurrencyRequest request,
			HttpServletRequest http) {
		String admin = requireAdmin(http);
		int limit = requireCount("globalConcurrency", (request != null) ? request.globalConcurrency() : null,
				JobTypeControls.MAX_GLOBAL_CONCURRENCY, "the attempts running at once across all instances");
		return TypeControlResponse.of(controls.limitGlobalConcurrency(type, limit, admin));
	}

	@DeleteMapping("/{type}/global-concurrency")
	@OperationLog(action = "JOB_TYPE_LIMIT_CONCURRENCY_RESET", target = "#type",
			success = "reset job type #{#type}'s attempts running across all instances to its configured limit",
			fail = "could not reset the global concurrency of job type #{#type}: #{#errorMessage}")
	@Operation(summary = "Reset a job type's limit of attempts running across all instances to its configured value",
			description = "Back to jobs.types.<TYPE>.global-concurrency (no limit when unset) within about a second. "
					+ "Administrators only.")
	TypeControlResponse resetGlobalConcurrency(@PathVariable String type, HttpServletRequest http) {
		return TypeControlResponse.of(controls.resetGlobalConcurrency(type, requireAdmin(http)));
	}

	/** A new limit of starts per period across all instances. */
	record RateLimitRequest(@Schema(description = "Starts per period across all instances, as starts/period",
			example = "10/1s") String rateLimit) {
	}

	@PutMapping("/{type}/rate-limit")
	@OperationLog(action = "JOB_TYPE_LIMIT_RATE", target = "#type",
			success = "limited job type #{#type} to #{#result.effectiveRateLimit} start(s) across all instances",
			fail = "could not limit the rate of job type #{#type}: #{#errorMessage}")
	@Operation(summary = "Limit a job type's starts per period across all instances, until reset",
			description = "Written starts/period: 10/1s, 600/1m, 250/500ms. Starts are spaced evenly (one every "
					+ "period/starts). Applied within about a second without a restart, kept across restarts until "
					+ "DELETE resets it to jobs.types.<TYPE>.rate-limit. Jobs over the limit wait in their queue: never "
					+ "failed, dead-lettered or charged an attempt. 400 naming the field for a limit that makes no sense. "
					+ "Administrators only.")
	TypeControlResponse limitRate(@PathVariable String type, @RequestBody RateLimitRequest request,
			HttpServletRequest http) {
		String admin = requireAdmin(http);
		if (request == null || request.rateLimit() == null || request.rateLimit().isBlank()) {
			throw new InvalidRequestException("rateLimit", "is required: starts per period, e.g. 10/1s or 600/1m");
		}
		RateLimit rate;
		try {
			rate = RateLimit.parse(request.rateLimit());
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidRequestException("rateLimit", ex.getMessage());
		}
		return TypeControlResponse.of(controls.limitRate(type, rate, admin));
	}

	@DeleteMapping("/{type}/rate-limit")
	@OperationLog(action = "JOB_TYPE_LIMIT_RATE_RESET", target = "#type",
			success = "reset job type #{#type}'s starts per period to its configured limit",
			fail = "could not reset the rate limit of job type #{#type}: #{#errorMessage}")
	@Operation(summary = "Reset a job type's limit of starts per period to its configured value",
			description = "Back to jobs.types.<TYPE>.rate-limit (no limit when unset) within about a second. "
					+ "Administrators only.")
	TypeControlResponse resetRateLimit(@PathVariable String type, HttpServletRequest http) {
		return TypeControlResponse.of(controls.resetRateLimit(type, requireAdmin(http)));
	}

	/** A count from 1 to {@code max}, or a 400 naming the field. */
	private static int requireCount(String field, Integer value, int max, String what) {
		if (value == null) {
			throw new InvalidRequestException(field, "is required: " + what + ", 1 to " + max);
		}
		if (value < 1 || value > max) {
			throw new InvalidRequestException(field,
					"must be between 1 and " + max + ", was " + value + " (to stop a type, pause it)");
		}
		return value;
	}

	private String requireAdmin(HttpServletRequest http) {
		access.requireAdmin(http,
				"Pausing, resuming, scaling and limiting job types is for administrators " + access.adminRoles());
		return (http.getUserPrincipal() != null) ? http.getUserPrincipal().getName() : Caller.ANONYMOUS;
	}

	/**
	 * A type's controls as every instance applies them.
	 * @param effectiveConcurrency the consumers per instance it runs with
	 * @param effectiveGlobalConcurrency the most attempts running across all instances, {@code null} for no limit
	 * @param effectiveRateLimit the most starts per period across all instances ({@code 10/1s}), {@code null} for
	 * no limit
	 */
	record TypeControlResponse(String type, boolean paused, java.time.Instant pausedAt, String pausedBy,
			long pausedSeconds, int configuredConcurrency, Integer concurrencyOverride, int effectiveConcurrency,
			Integer configuredGlobalConcurrency, Integer globalConcurrencyOverride, Integer effectiveGlobalConcurrency,
			String configuredRateLimit, String rateLimitOverride, String effectiveRateLimit, String limitsBy) {

		static TypeControlResponse of(JobTypeControls.TypeControl c) {
			return new TypeControlResponse(c.type(), c.paused(), c.pausedAt(), c.pausedBy(), c.pausedFor().toSeconds(),
					c.configuredConcurrency(), c.concurrencyOverride(), c.effectiveConcurrency(),
					c.configuredGlobalConcurrency(), c.globalConcurrencyOverride(), c.effectiveGlobalConcurrency(),
					text(c.configuredRateLimit()), text(c.rateLimitOverride()), text(c.effectiveRateLimit()),
					c.limitsBy());
		}

		private static String text(RateLimit rate) {
			return (rate != null) ? rate.toString() : null;
		}

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
		Map<String, JobTypeControls.TypeControl> byType = controls.all()
			.stream()
			.collect(java.util.stream.Collectors.toMap(JobTypeControls.TypeControl::type, c -> c));
		return registry.all()
			.stream()
			.map(t -> new JobTypeResponse(t.name(), t.handler().payloadType().getName(), t.settings(),
					PayloadSchemas.of(t.handler().payloadType()),
					byType.containsKey(t.name()) ? TypeControlResponse.of(byType.get(t.name())) : null))
			.toList();
	}

	/** @param control paused or not and the concurrency in force; {@code null} for a type delivered as messages */
	record JobTypeResponse(String type, String payloadClass, JobTypeSettings settings,
			Map<String, Object> payloadSchema, TypeControlResponse control) {
	}

}
