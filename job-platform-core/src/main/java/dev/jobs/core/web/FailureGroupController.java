package dev.jobs.core.web;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

import dev.jobs.core.FailureGroupNotFoundException;
import dev.jobs.core.FailureGroups;
import dev.jobs.core.FailureGroups.FailureGroup;
import dev.jobs.core.FailureGroups.FailureGroupDetail;
import dev.jobs.core.JobAdmin.Actor;
import dev.jobs.core.JobAdmin.BulkResult;
import dev.jobs.core.operationlog.OperationLog;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Failed jobs grouped by cause: list, one group with a sample stack trace, retry or cancel a whole group. */
@RestController
@RequestMapping("/api/failure-groups")
@Tag(name = "Failure groups", description = "Failed jobs grouped by cause, retried or cancelled group by group")
class FailureGroupController {

	/** A fingerprint as the platform writes it: hex digits. Anything else is a client's mistake, not a 404. */
	private static final java.util.regex.Pattern FINGERPRINT = java.util.regex.Pattern.compile("[0-9a-f]{1,40}");

	private final FailureGroups groups;

	private final JobAccess access;

	FailureGroupController(FailureGroups groups, JobAccess access) {
		this.groups = groups;
		this.access = access;
	}

	@GetMapping
	@Operation(summary = "Failure groups, largest first",
			description = "Jobs whose latest attempt failed (FAILED, parked; or RETRY_WAIT, failing) grouped by type, "
					+ "exception class, message with ids and numbers masked, and first application frame. since: an "
					+ "ISO-8601 instant (2026-12-03T10:00:00Z) or a duration back from now (PT1H); counts are of the "
					+ "members that failed since then. type: one job type. limit: 1 to 200 (50). Administrators and "
					+ "readers only.")
	List<FailureGroup> list(@RequestParam(required = false) String since, @RequestParam(required = false) String type,
			@RequestParam(required = false) String limit, HttpServletRequest http) {
		requireReader(http);
		return groups.list(since(since), (type == null || type.isBlank()) ? null : type.strip(), limit(limit));
	}

	@GetMapping("/{fingerprint}")
	@Operation(summary = "One failure group with its newest job's error and stack trace",
			description = "404 when no job of the group is failed or waiting to retry any more. Administrators and "
					+ "readers only.")
	FailureGroupDetail detail(@PathVariable String fingerprint, HttpServletRequest http) {
		requireReader(http);
		return groups.detail(fingerprint(fingerprint))
			.orElseThrow(() -> new FailureGroupNotFoundException(fingerprint));
	}

	@PostMapping("/{fingerprint}/retry")
	@OperationLog(action = "FAILURE_GROUP_RETRY", target = "#fingerprint",
			success = "retried #{#result.changed()} of #{#result.requested()} failed job(s) of failure group "
					+ "#{#fingerprint}",
			fail = "could not retry failure group #{#fingerprint}: #{#errorMessage}")
	@Operation(summary = "Retry every failed job of a group",
			description = "Each FAILED member gets a new attempt, with the rules of a bulk retry (the type's submit "
					+ "roles, the submitter's active limit); the result counts what changed and why the rest did not. "
					+ "At most 10,000 per call; call again for more. Administrators only.")
	BulkResult retry(@PathVariable String fingerprint, HttpServletRequest http) {
		return groups.retry(requireAdmin(http), fingerprint(fingerprint));
	}

	@PostMapping("/{fingerprint}/cancel")
	@OperationLog(action = "FAILURE_GROUP_CANCEL", target = "#fingerprint",
			success = "cancelled #{#result.changed()} of #{#result.requested()} retrying job(s) of failure group "
					+ "#{#fingerprint}",
			fail = "could not cancel failure group #{#fingerprint}: #{#errorMessage}")
	@Operation(summary = "Cancel every job of a group that waits to retry",
			description = "Each RETRY_WAIT member is cancelled, so that a cause known to fail stops costing attempts; "
					+ "FAILED members have ended and stay. At most 10,000 per call. Administrators only.")
	BulkResult cancel(@PathVariable String fingerprint, HttpServletRequest http) {
		return groups.cancel(requireAdmin(http), fingerprint(fingerprint));
	}

	private void requireReader(HttpServletRequest http) {
		access.requireSeesAll(http, "Failure groups are for administrators and readers " + access.adminRoles());
	}

	private Actor requireAdmin(HttpServletRequest http) {
		access.requireAdmin(http, "Retrying and cancelling failure groups is for administrators " + access.adminRoles());
		if (http.getUserPrincipal() == null) {
			// Anonymous calls are allowed (jobs.api.allow-anonymous): the API treats them as an administrator's.
			return new Actor(Caller.ANONYMOUS, role -> true);
		}
		return new Actor(http.getUserPrincipal().getName(), http::isUserInRole);
	}

	static String fingerprint(String value) {
		if (value == null || !FINGERPRINT.matcher(value).matches()) {
			throw new InvalidRequestException("fingerprint", "must be the hex digits of a failure group's fingerprint, "
					+ "was '" + value + "'");
		}
		return value;
	}

	static Instant since(String value) {
		if (value == null || value.isBlank()) {
			return null;
		}
		String text = value.strip();
		try {
			if (text.startsWith("P") || text.startsWith("p")) {
				Duration back = Duration.parse(text);
				if (back.isNegative()) {
					throw new InvalidRequestException("since", "must be a duration back from now, was " + text);
				}
				return Instant.now().minus(back);
			}
			return Instant.parse(text);
		}
		catch (DateTimeParseException ex) {
			throw new InvalidRequestException("since",
					"must be an ISO-8601 instant (2026-12-03T10:00:00Z) or a duration (PT1H), was '" + text + "'");
		}
	}

	static int limit(String value) {
		if (value == null || value.isBlank()) {
			return 50;
		}
		try {
			int limit = Integer.parseInt(value.strip());
			if (limit >= 1 && limit <= FailureGroups.MAX_LIMIT) {
				return limit;
			}
		}
		catch (NumberFormatException ex) {
			// the same answer as a number out of range
		}
		throw new InvalidRequestException("limit", "must be a whole number from 1 to " + FailureGroups.MAX_LIMIT
				+ ", was '" + value + "'");
	}

}
