package dev.jobs.types.operationlog;

import java.net.URI;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;

import dev.jobs.core.AccessPolicy;
import dev.jobs.core.JobAdmin.Access;
import dev.jobs.types.operationlog.OperationLogEntry.Outcome;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The operation log's read side: {@code GET /api/operation-logs}, newest first, for the reader roles
 * ({@code jobs.operation-log.reader-roles}). The application's security should hold the same rule
 * on the path; this check holds it even where it does not.
 */
@RestController
@Tag(name = "Operation log", description = "Who did what, when, with which outcome: for the configured reader roles")
class OperationLogController {

	private static final String TYPE_BASE = "https://jobs.dev/problems/";

	private static final int MAX_FILTER_LENGTH = 500;

	private final OperationLogStore store;

	private final AccessPolicy readers;

	private final int maxPageSize;

	OperationLogController(OperationLogStore store, AccessPolicy readers, int maxPageSize) {
		this.store = store;
		this.readers = readers;
		this.maxPageSize = maxPageSize;
	}

	/** A bad query parameter: answered 400 naming it. */
	static final class InvalidParameterException extends RuntimeException {

		final String field;

		InvalidParameterException(String field, String reason) {
			super(reason);
			this.field = field;
		}

	}

	/** Not signed in (401) or not a reader (403). */
	static final class AccessException extends RuntimeException {

		final HttpStatus status;

		AccessException(HttpStatus status, String message) {
			super(message);
			this.status = status;
		}

	}

	@GetMapping(path = "/api/operation-logs", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Search the operation log, newest first",
			description = "Filters by user, action, target, outcome, time range (from, to) and free text (q), "
					+ "paged; 401 without sign-in, 403 for a role that is not in jobs.operation-log.reader-roles.")
	OperationLogStore.Page search(@RequestParam(required = false) String user,
			@RequestParam(required = false) String action, @RequestParam(required = false) String target,
			@RequestParam(required = false) String outcome, @RequestParam(required = false) String from,
			@RequestParam(required = false) String to, @RequestParam(required = false) String q,
			@RequestParam(required = false) String page, @RequestParam(required = false) String size,
			HttpServletRequest request) {
		if (request.getUserPrincipal() == null) {
			throw new AccessException(HttpStatus.UNAUTHORIZED, "Sign in to read the operation log.");
		}
		if (readers.access(request::isUserInRole) == Access.NONE) {
			throw new AccessException(HttpStatus.FORBIDDEN,
					"The operation log is for the roles " + readers.readerRoles() + "; yours is not one of them.");
		}
		Instant fromTime = instant("from", from);
		Instant toTime = instant("to", to);
		if (fromTime != null && toTime != null && !fromTime.isBefore(toTime)) {
			throw new InvalidParameterException("to", "must be after from (" + from + ")");
		}
		int pageNumber = integer("page", page, 0, 0, 1_000_000);
		int pageSize = integer("size", size, 20, 1, maxPageSize);
		OperationLogStore.Filter filter = new OperationLogStore.Filter(text("user", user), text("action", action),
				text("target", target), outcome(outcome), fromTime, toTime, text("q", q));
		return store.search(filter, pageNumber, pageSize);
	}

	private static String text(String field, String value) {
		if (value == null || value.isEmpty()) {
			return null;
		}
		if (value.length() > MAX_FILTER_LENGTH) {
			throw new InvalidParameterException(field, "must be at most " + MAX_FILTER_LENGTH + " characters");
		}
		return value;
	}

	private static Outcome outcome(String value) {
		if (value == null || value.isEmpty()) {
			return null;
		}
		try {
			return Outcome.valueOf(value.toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidParameterException("outcome", "must be SUCCESS or FAILURE, not '" + value + "'");
		}
	}

	private static Instant instant(String field, String value) {
		if (value == null || value.isEmpty()) {
			return null;
		}
		try {
			return Instant.parse(value);
		}
		catch (DateTimeParseException ex) {
			throw new InvalidParameterException(field,
					"must be an ISO-8601 instant such as 2026-01-31T08:00:00Z, not '" + value + "'");
		}
	}

	private static int integer(String field, String value, int fallback, int min, int max) {
		if (value == null || value.isEmpty()) {
			return fallback;
		}
		int number;
		try {
			number = Integer.parseInt(value);
		}
		catch (NumberFormatException ex) {
			throw new InvalidParameterException(field, "must be a whole number, not '" + value + "'");
		}
		if (number < min || number > max) {
			throw new InvalidParameterException(field, "must be from " + min + " to " + max + ", not " + number);
		}
		return number;
	}

	@ExceptionHandler(InvalidParameterException.class)
	ResponseEntity<ProblemDetail> invalid(InvalidParameterException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
				ex.field + " " + ex.getMessage());
		problem.setType(URI.create(TYPE_BASE + "invalid-request"));
		problem.setTitle("Invalid request");
		problem.setProperty("errors", List.of(new FieldProblem(ex.field, ex.getMessage())));
		return ResponseEntity.badRequest().contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
	}

	@ExceptionHandler(AccessException.class)
	ResponseEntity<ProblemDetail> denied(AccessException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(ex.status, ex.getMessage());
		boolean forbidden = ex.status == HttpStatus.FORBIDDEN;
		problem.setType(URI.create(TYPE_BASE + (forbidden ? "forbidden" : "unauthorized")));
		problem.setTitle(forbidden ? "Not allowed" : "Authentication required");
		return ResponseEntity.status(ex.status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
	}

	record FieldProblem(String field, String reason) {
	}

}
