package dev.jobs.core.web;

import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import dev.jobs.core.BatchClosedException;
import dev.jobs.core.BatchNotFoundException;
import dev.jobs.core.IdempotencyConflictException;
import dev.jobs.core.IllegalJobTransitionException;
import dev.jobs.core.InvalidJobPayloadException.FieldError;
import dev.jobs.core.InvalidJobPayloadException;
import dev.jobs.core.InvalidWorkflowException;
import dev.jobs.core.JobNotFoundException;
import dev.jobs.core.NotPermittedException;
import dev.jobs.core.TooManyActiveJobsException;
import dev.jobs.core.UnknownJobTypeException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;

import org.springframework.amqp.AmqpException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Turns every client mistake on the job API into an RFC 9457 problem with a readable
 * {@code detail} and, where a field is at fault, an {@code errors} list of {field, reason}. No
 * client mistake becomes a 500.
 * <p>
 * Scoped by package, not by a list of controllers, so a controller added to the package later is covered
 * too; one in a package of its own needs an advice of its own, which
 * {@code JobPlatformArchitecture.everyRestControllerHasOneProblemMapping} demands.
 */
@RestControllerAdvice(basePackageClasses = { JobController.class, dev.jobs.core.schedule.ScheduleController.class })
@Order(Ordered.HIGHEST_PRECEDENCE)
class JobsProblemHandler extends ResponseEntityExceptionHandler {

	private static final String TYPE_BASE = "https://jobs.dev/problems/";

	@ExceptionHandler(UnknownJobTypeException.class)
	ProblemDetail unknownType(UnknownJobTypeException ex) {
		return problem(HttpStatus.BAD_REQUEST, "unknown-job-type", "Unknown job type", ex.getMessage(),
				List.of(new FieldError("type", "is not a registered job type")));
	}

	@ExceptionHandler(InvalidJobPayloadException.class)
	ProblemDetail invalidPayload(InvalidJobPayloadException ex) {
		return problem(HttpStatus.BAD_REQUEST, "invalid-payload", "Invalid payload",
				"The payload does not fit the job type: " + ex.errors(), ex.errors());
	}

	@ExceptionHandler(dev.jobs.core.schedule.InvalidScheduleException.class)
	ProblemDetail invalidSchedule(dev.jobs.core.schedule.InvalidScheduleException ex) {
		return problem(HttpStatus.BAD_REQUEST, "invalid-schedule", "Invalid schedule", ex.getMessage(),
				List.of(new FieldError(ex.field(), ex.reason())));
	}

	@ExceptionHandler(dev.jobs.core.schedule.ScheduleNotFoundException.class)
	ProblemDetail scheduleNotFound(dev.jobs.core.schedule.ScheduleNotFoundException ex) {
		return problem(HttpStatus.NOT_FOUND, "schedule-not-found", "Schedule not found", ex.getMessage(), List.of());
	}

	@ExceptionHandler(dev.jobs.core.schedule.ScheduleConflictException.class)
	ProblemDetail scheduleConflict(dev.jobs.core.schedule.ScheduleConflictException ex) {
		return problem(HttpStatus.CONFLICT, "schedule-conflict", "Conflicts with a schedule", ex.getMessage(),
				List.of());
	}

	@ExceptionHandler(InvalidRequestException.class)
	ProblemDetail invalidRequest(InvalidRequestException ex) {
		return problem(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request", ex.field() + " " + ex.getMessage(),
				List.of(new FieldError(ex.field(), ex.getMessage())));
	}

	@ExceptionHandler(InvalidItemsException.class)
	ResponseEntity<ProblemDetail> invalidItems(InvalidItemsException ex) {
		return ResponseEntity.status(ex.status())
			.body(problem(ex.status(), ex.problemType(), ex.title(), ex.getMessage(), ex.errors()));
	}

	@ExceptionHandler(IllegalArgumentException.class)
	ProblemDetail illegalArgument(IllegalArgumentException ex) {
		return problem(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request", ex.getMessage(), List.of());
	}

	@ExceptionHandler(NotPermittedException.class)
	ProblemDetail forbidden(NotPermittedException ex) {
		return problem(HttpStatus.FORBIDDEN, "forbidden", "Not allowed", ex.getMessage(), List.of());
	}

	@ExceptionHandler(TooManyActiveJobsException.class)
	ResponseEntity<ProblemDetail> tooMany(TooManyActiveJobsException ex) {
		ProblemDetail problem = problem(HttpStatus.TOO_MANY_REQUESTS, "too-many-active-jobs", "Too many active jobs",
				ex.getMessage(), List.of());
		problem.setProperty("limit", ex.limit());
		return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
			.header(HttpHeaders.RETRY_AFTER, "30")
			.body(problem);
	}

	/** The request's thread was interrupted (a shutdown) before its submission's commit began: nothing was written. */
	@ExceptionHandler(dev.jobs.core.SubmissionInterruptedException.class)
	ResponseEntity<ProblemDetail> submissionInterrupted(dev.jobs.core.SubmissionInterruptedException ex) {
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
			.header(HttpHeaders.RETRY_AFTER, "5")
			.body(problem(HttpStatus.SERVICE_UNAVAILABLE, "submission-interrupted", "Submission interrupted",
					ex.getMessage(), List.of()));
	}

	/** The broker is unreachable (a dead-letter re-drive needs it): the client may try again, it did nothing wrong. */
	@ExceptionHandler(AmqpException.class)
	ResponseEntity<ProblemDetail> brokerUnavailable(AmqpException ex) {
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
			.header(HttpHeaders.RETRY_AFTER, "30")
			.body(problem(HttpStatus.SERVICE_UNAVAILABLE, "broker-unavailable", "Broker unavailable",
					"RabbitMQ cannot be reached right now; try again later.", List.of()));
	}

	@ExceptionHandler(dev.jobs.core.FailureGroupNotFoundException.class)
	ProblemDetail failureGroupNotFound(dev.jobs.core.FailureGroupNotFoundException ex) {
		return problem(HttpStatus.NOT_FOUND, "failure-group-not-found", "Failure group not found", ex.getMessage(),
				List.of(new FieldError("fingerprint", "names no group with a failed or retrying job")));
	}

	/** A cycle, an unknown step or job, a name used twice: 400 naming the step ({@code steps[2] (ship)}). */
	@ExceptionHandler(InvalidWorkflowException.class)
	ProblemDetail invalidWorkflow(InvalidWorkflowException ex) {
		return problem(HttpStatus.BAD_REQUEST, "invalid-workflow", "Invalid workflow", ex.getMessage(),
				List.of(new FieldError(ex.field(), ex.reason())));
	}

	@ExceptionHandler(BatchNotFoundException.class)
	ProblemDetail batchNotFound(BatchNotFoundException ex) {
		return problem(HttpStatus.NOT_FOUND, "batch-not-found", "Batch not found", ex.getMessage(), List.of());
	}

	@ExceptionHandler(BatchClosedException.class)
	ProblemDetail batchClosed(BatchClosedException ex) {
		ProblemDetail problem = problem(HttpStatus.CONFLICT, "batch-closed", "The batch takes no more members",
				ex.getMessage(), List.of());
		problem.setProperty("batchId", ex.batchId().toString());
		return problem;
	}

	@ExceptionHandler(JobNotFoundException.class)
	ProblemDetail notFound(JobNotFoundException ex) {
		return problem(HttpStatus.NOT_FOUND, "job-not-found", "Job not found", ex.getMessage(), List.of());
	}

	@ExceptionHandler(IllegalJobTransitionException.class)
	ProblemDetail illegalTransition(IllegalJobTransitionException ex) {
		ProblemDetail problem = problem(HttpStatus.CONFLICT, "illegal-transition", "Not possible in the job's state",
				ex.getMessage(), List.of());
		problem.setProperty("status_current", ex.current().name());
		return problem;
	}

	@ExceptionHandler(IdempotencyConflictException.class)
	ProblemDetail idempotencyConflict(IdempotencyConflictException ex) {
		ProblemDetail problem = problem(HttpStatus.UNPROCESSABLE_CONTENT, "idempotency-conflict",
				"Idempotency key reused", ex.getMessage(),
				List.of(new FieldError(JobController.IDEMPOTENCY_KEY, "was used for a different request")));
		problem.setProperty("existingJobId", ex.existingJobId().toString());
		return problem;
	}

	@ExceptionHandler(MethodArgumentTypeMismatchException.class)
	ProblemDetail typeMismatch(MethodArgumentTypeMismatchException ex) {
		String expected = (ex.getRequiredType() != null && ex.getRequiredType().isEnum())
				? "one of " + java.util.Arrays.toString(ex.getRequiredType().getEnumConstants())
				: (ex.getRequiredType() != null) ? ex.getRequiredType().getSimpleName() : "another type";
		String reason = "has an invalid value '" + ex.getValue() + "' (expected " + expected + ")";
		return problem(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request", ex.getName() + " " + reason,
				List.of(new FieldError(ex.getName(), reason)));
	}

	@Override
	protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<FieldError> errors = new ArrayList<>();
		ex.getBindingResult()
			.getFieldErrors()
			.forEach(e -> errors.add(new FieldError(e.getField(), e.getDefaultMessage())));
		ex.getBindingResult()
			.getGlobalErrors()
			.forEach(e -> errors.add(new FieldError(e.getObjectName(), e.getDefaultMessage())));
		errors.sort(Comparator.comparing(FieldError::field));
		return ResponseEntity.badRequest()
			.body(problem(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request",
					"The request has invalid fields: " + errors, errors));
	}

	@Override
	protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		RequestSizeLimitFilter.TooLargeException tooLarge = findCause(ex, RequestSizeLimitFilter.TooLargeException.class);
		if (tooLarge != null) {
			return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE)
				.body(problem(HttpStatus.CONTENT_TOO_LARGE, "payload-too-large", "Request too large",
						tooLarge.getMessage(), List.of()));
		}
		JacksonException jackson = findCause(ex, JacksonException.class);
		ProblemDetail problem;
		if (jackson instanceof StreamReadException || jackson == null) {
			problem = problem(HttpStatus.BAD_REQUEST, "malformed-json", "Malformed JSON",
					"The request body is not valid JSON" + location(jackson) + ". Send a JSON object like "
							+ "{\"type\": \"NOOP\", \"payload\": {}}.",
					List.of());
		}
		else {
			String field = path(jackson);
			String reason = "has a value of the wrong type or format";
			problem = problem(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request", field + " " + reason,
					List.of(new FieldError(field, reason)));
		}
		return ResponseEntity.badRequest().body(problem);
	}

	private static String location(JacksonException ex) {
		if (ex == null || ex.getLocation() == null) {
			return "";
		}
		return " (line " + ex.getLocation().getLineNr() + ", column " + ex.getLocation().getColumnNr() + ")";
	}

	private static String path(JacksonException ex) {
		StringBuilder path = new StringBuilder();
		for (JacksonException.Reference ref : ex.getPath()) {
			if (ref.getPropertyName() != null) {
				if (!path.isEmpty()) {
					path.append('.');
				}
				path.append(ref.getPropertyName());
			}
			else if (ref.getIndex() >= 0) {
				path.append('[').append(ref.getIndex()).append(']');
			}
		}
		return path.isEmpty() ? "body" : path.toString();
	}

	private static <T extends Throwable> T findCause(Throwable ex, Class<T> type) {
		for (Throwable t = ex; t != null; t = t.getCause()) {
			if (type.isInstance(t)) {
				return type.cast(t);
			}
		}
		return null;
	}

	static ProblemDetail problem(HttpStatus status, String type, String title, String detail,
			List<FieldError> errors) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setType(URI.create(TYPE_BASE + type));
		problem.setTitle(title);
		if (!errors.isEmpty()) {
			problem.setProperty("errors",
					errors.stream().map(e -> Map.of("field", e.field(), "reason", e.reason())).toList());
		}
		return problem;
	}

}
