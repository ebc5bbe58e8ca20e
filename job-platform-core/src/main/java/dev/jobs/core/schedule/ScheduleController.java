package dev.jobs.core.schedule;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.jobs.core.JobPermissions;
import dev.jobs.core.operationlog.OperationLog;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/schedules}: administrators ({@code jobs.api.admin-roles}) create and delete — a
 * schedule submits jobs on its own for as long as it exists; readers ({@code jobs.api.reader-roles},
 * auditors) list and read them, as they read every job. Bad input is a problem+json 400
 * naming the field (see {@code JobsProblemHandler}).
 */
@RestController
@RequestMapping("/api/schedules")
@Tag(name = "Schedules", description = "Recurring jobs: cron (in a time zone) or fixed-rate; administrators manage, auditors read")
public class ScheduleController {

	private final Schedules schedules;

	private final JobPermissions access;

	ScheduleController(Schedules schedules, JobPermissions access) {
		this.schedules = schedules;
		this.access = access;
	}

	/** A schedule to create: exactly one of {@code cron} (with {@code zone}) or {@code fixedRate}. */
	record CreateScheduleRequest(@Schema(example = "weekly-rd-export") String id,
			@Schema(example = "EMPLOYEE_EXPORT") String type, JsonNode payload,
			@Schema(description = "Spring cron with seconds", example = "0 0 8 * * MON") String cron,
			@Schema(example = "Asia/Shanghai") String zone,
			@Schema(description = "ISO-8601 duration, at least PT1S", example = "PT15M") Duration fixedRate,
			@Schema(description = "RUN_ONCE (default) or SKIP for firings missed while down") MisfirePolicy misfire) {
	}

	record ScheduleResponse(String id, String type, JsonNode payload, String cron, String zone, Duration fixedRate,
			MisfirePolicy misfire, boolean enabled, String source, String createdBy, Instant nextFireAt,
			Instant lastFiredAt, UUID lastJobId, String lastError, Instant createdAt) {

		static ScheduleResponse of(Schedule s) {
			return new ScheduleResponse(s.id(), s.type(), s.payload(), s.cron(), s.zone(), s.fixedRate(), s.misfire(),
					s.enabled(), s.source(), s.createdBy(), s.nextFireAt(), s.lastFiredAt(), s.lastJobId(), s.lastError(),
					s.createdAt());
		}

	}

	@GetMapping
	@Operation(summary = "All schedules with their next fire time",
			description = "Schedules from configuration and from this API; administrators and readers only.")
	List<ScheduleResponse> list(HttpServletRequest http) {
		requireReader(http);
		return schedules.list().stream().map(ScheduleResponse::of).toList();
	}

	@GetMapping("/{id}")
	@Operation(summary = "One schedule",
			description = "Its trigger, payload, next fire time and the last job it submitted; 404 if unknown.")
	ScheduleResponse get(@PathVariable String id, HttpServletRequest http) {
		requireReader(http);
		return ScheduleResponse.of(schedules.find(id));
	}

	@PostMapping
	@OperationLog(action = "SCHEDULE_CREATE", target = "#request.id",
			success = "created schedule #{#request.id} submitting #{#request.type} jobs, first at "
					+ "#{#result.body.nextFireAt.toString()}",
			fail = "could not create schedule #{#request.id}: #{#errorMessage}")
	@Operation(summary = "Create a schedule",
			description = "201 with the schedule and its next fire time; 400 naming the field for a bad cron "
					+ "expression, zone, rate, type or payload; 409 if the id is taken.")
	ResponseEntity<ScheduleResponse> create(@RequestBody CreateScheduleRequest request, HttpServletRequest http) {
		String admin = requireAdmin(http);
		if (request.type() != null) {
			// The same rule as every other path that creates jobs of the type.
			access.requireMaySubmit(request.type(), http);
		}
		Schedule created = schedules.create(new Schedules.NewSchedule(request.id(), request.type(), request.payload(),
				request.cron(), request.zone(), request.fixedRate(), request.misfire()), admin);
		return ResponseEntity.status(HttpStatus.CREATED)
			.location(URI.create("/api/schedules/" + created.id()))
			.body(ScheduleResponse.of(created));
	}

	/** A schedule's new trigger, payload and misfire policy: exactly one of {@code cron} (with {@code zone}) or {@code fixedRate}. */
	record UpdateScheduleRequest(@Schema(description = "The schedule's type; may be left out, cannot change",
			example = "EMPLOYEE_EXPORT") String type, JsonNode payload,
			@Schema(description = "Spring cron with seconds", example = "0 0 8 * * MON") String cron,
			@Schema(example = "Asia/Shanghai") String zone,
			@Schema(description = "ISO-8601 duration, at least PT1S", example = "PT15M") Duration fixedRate,
			@Schema(description = "RUN_ONCE (default) or SKIP for firings missed while down") MisfirePolicy misfire) {
	}

	@PutMapping("/{id}")
	@OperationLog(action = "SCHEDULE_UPDATE", target = "#id",
			success = "changed schedule #{#id}: next at #{#result.nextFireAt.toString()}",
			fail = "could not change schedule #{#id}: #{#errorMessage}")
	@Operation(summary = "Change a schedule's trigger, payload or misfire policy",
			description = "Checked as on create: 400 naming the field for a bad cron expression, zone, rate or payload, "
					+ "or a different type; 409 for a schedule from configuration; 404 if unknown. The next firing "
					+ "moves only when the timing changed.")
	ScheduleResponse update(@PathVariable String id, @RequestBody UpdateScheduleRequest request,
			HttpServletRequest http) {
		requireAdmin(http);
		Schedule existing = schedules.find(id);
		access.requireMaySubmit(existing.type(), http);
		return ScheduleResponse.of(schedules.update(id, new Schedules.NewSchedule(id, request.type(),
				request.payload(), request.cron(), request.zone(), request.fixedRate(), request.misfire())));
	}

	@PostMapping("/{id}/pause")
	@OperationLog(action = "SCHEDULE_PAUSE", target = "#id", success = "paused schedule #{#id}",
			fail = "could not pause schedule #{#id}: #{#errorMessage}")
	@Operation(summary = "Pause a schedule",
			description = "It submits nothing until resumed, across restarts (configured schedules too). Safe to repeat.")
	ScheduleResponse pause(@PathVariable String id, HttpServletRequest http) {
		requireAdmin(http);
		return ScheduleResponse.of(schedules.pause(id));
	}

	@PostMapping("/{id}/resume")
	@OperationLog(action = "SCHEDULE_RESUME", target = "#id",
			success = "resumed schedule #{#id}, next at #{#result.nextFireAt.toString()}",
			fail = "could not resume schedule #{#id}: #{#errorMessage}")
	@Operation(summary = "Resume a paused schedule",
			description = "It fires next at its first time after now; firings due while it was paused are skipped, "
					+ "whatever its misfire policy. Safe to repeat.")
	ScheduleResponse resume(@PathVariable String id, HttpServletRequest http) {
		requireAdmin(http);
		return ScheduleResponse.of(schedules.resume(id));
	}

	/** What "run now" submitted. */
	record RunNowResponse(UUID jobId, boolean replayed) {
	}

	@PostMapping("/{id}/run")
	@OperationLog(action = "SCHEDULE_RUN_NOW", target = "#id",
			success = "ran schedule #{#id} now: job #{#result.body.jobId}#{#result.body.replayed ? ' (already submitted with this key)' : ''}",
			fail = "could not run schedule #{#id} now: #{#errorMessage}")
	@Operation(summary = "Submit one job of a schedule now",
			description = "The job a firing would submit (same type, payload and submitter schedule:<id>), outside the "
					+ "timetable, which does not move; works on a paused schedule. With an Idempotency-Key header the "
					+ "same key submits one job however often it is sent; 202 with the job's id.")
	ResponseEntity<RunNowResponse> runNow(@PathVariable String id,
			@RequestHeader(name = "Idempotency-Key", required = false) String key, HttpServletRequest http) {
		requireAdmin(http);
		Schedule schedule = schedules.find(id);
		// The same rule as every other path that creates jobs of the type.
		access.requireMaySubmit(schedule.type(), http);
		Schedules.RunNow run = schedules.runNow(id, (key != null) ? key : UUID.randomUUID().toString());
		return ResponseEntity.accepted()
			.location(URI.create("/api/jobs/" + run.jobId()))
			.header("Idempotent-Replayed", String.valueOf(run.replayed()))
			.body(new RunNowResponse(run.jobId(), run.replayed()));
	}

	@DeleteMapping("/{id}")
	@OperationLog(action = "SCHEDULE_DELETE", target = "#id", success = "deleted schedule #{#id}",
			fail = "could not delete schedule #{#id}: #{#errorMessage}")
	@Operation(summary = "Delete a schedule created over the API",
			description = "Jobs it submitted stay. 409 for a schedule from configuration.")
	ResponseEntity<Void> delete(@PathVariable String id, HttpServletRequest http) {
		requireAdmin(http);
		schedules.delete(id);
		return ResponseEntity.noContent().build();
	}

	/** Auditors ({@code jobs.api.reader-roles}) look at schedules as they look at every job; they change none. */
	private void requireReader(HttpServletRequest http) {
		access.requireSeesAll(http, "Only administrators and auditors see schedules");
	}

	private String requireAdmin(HttpServletRequest http) {
		access.requireAdmin(http, "Only administrators manage schedules");
		return (http.getUserPrincipal() != null) ? http.getUserPrincipal().getName() : "anonymous";
	}

}
