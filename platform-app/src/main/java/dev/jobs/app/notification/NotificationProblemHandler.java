package dev.jobs.app.notification;

import java.net.URI;
import java.util.List;
import java.util.Map;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * RFC 9457 problems for the notification API, shaped like the job API's ({@code errors: [{field, reason}]}).
 * <p>
 * Scoped by package, not by a list of controllers, so a controller added to the package later is covered
 * too; one in a package of its own needs an advice of its own, which
 * {@code JobPlatformArchitecture.everyRestControllerHasOneProblemMapping} demands.
 */
@RestControllerAdvice(basePackageClasses = NotificationController.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class NotificationProblemHandler extends ResponseEntityExceptionHandler {

	private static final String TYPE_BASE = "https://jobs.dev/problems/";

	@ExceptionHandler(NotificationNotFoundException.class)
	ProblemDetail notFound(NotificationNotFoundException ex) {
		return problem(HttpStatus.NOT_FOUND, "notification-not-found", "Notification not found", ex.getMessage(), null,
				null);
	}

	@ExceptionHandler(NotificationStream.TooManyStreamsException.class)
	ResponseEntity<ProblemDetail> tooManyStreams(NotificationStream.TooManyStreamsException ex) {
		HttpStatus status = HttpStatus.valueOf(ex.status);
		return ResponseEntity.status(status)
			.header(HttpHeaders.RETRY_AFTER, "30")
			.contentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON)
			.body(problem(status, "too-many-streams", "Too many live streams", ex.getMessage(), null, null));
	}

	@ExceptionHandler(InvalidParameterException.class)
	ProblemDetail invalid(InvalidParameterException ex) {
		return problem(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request", ex.field() + " " + ex.getMessage(),
				ex.field(), ex.getMessage());
	}

	@ExceptionHandler(MethodArgumentTypeMismatchException.class)
	ProblemDetail typeMismatch(MethodArgumentTypeMismatchException ex) {
		String expected = (ex.getRequiredType() != null) ? ex.getRequiredType().getSimpleName() : "another type";
		String reason = "has an invalid value '" + ex.getValue() + "' (expected " + expected + ")";
		return problem(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request", ex.getName() + " " + reason,
				ex.getName(), reason);
	}

	@Override
	protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		return ResponseEntity.badRequest()
			.body(problem(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request",
					"The body must be a JSON object of categories and channels, e.g. "
							+ "{\"EXPORT\": {\"EMAIL\": false, \"IN_APP\": true}}",
					"body", "is not an object of categories to {channel: true|false}"));
	}

	private static ProblemDetail problem(HttpStatus status, String type, String title, String detail, String field,
			String reason) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setType(URI.create(TYPE_BASE + type));
		problem.setTitle(title);
		if (field != null) {
			problem.setProperty("errors", List.of(Map.of("field", field, "reason", reason)));
		}
		return problem;
	}

}
