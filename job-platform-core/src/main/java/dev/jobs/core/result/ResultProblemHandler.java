package dev.jobs.core.result;

import java.net.URI;
import java.util.List;
import java.util.Map;

import dev.jobs.core.JobNotFoundException;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * RFC 9457 problems for the download endpoint, in the same shape as the rest of the job API.
 * <p>
 * Scoped by package, not by a list of controllers, so a controller added to the package later is covered
 * too; one in a package of its own needs an advice of its own, which
 * {@code JobPlatformArchitecture.everyRestControllerHasOneProblemMapping} demands.
 */
@RestControllerAdvice(basePackageClasses = ResultController.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class ResultProblemHandler {

	private static final String TYPE_BASE = "https://jobs.dev/problems/";

	@ExceptionHandler(ResultUnavailableException.class)
	ProblemDetail unavailable(ResultUnavailableException ex) {
		ProblemDetail problem = problem(ex.status(), ex.problemType(), ex.title(), ex.getMessage());
		problem.setProperty("jobId", ex.jobId().toString());
		problem.setProperty("status_current", ex.jobStatus());
		return problem;
	}

	@ExceptionHandler(JobNotFoundException.class)
	ProblemDetail notFound(JobNotFoundException ex) {
		return problem(HttpStatus.NOT_FOUND, "job-not-found", "Job not found", ex.getMessage());
	}

	/** A refusal that is already a problem (no signed-in caller: 401) keeps its body, as on the rest of the API. */
	@ExceptionHandler(org.springframework.web.ErrorResponseException.class)
	ProblemDetail refused(org.springframework.web.ErrorResponseException ex) {
		return ex.getBody();
	}

	@ExceptionHandler(MethodArgumentTypeMismatchException.class)
	ProblemDetail typeMismatch(MethodArgumentTypeMismatchException ex) {
		String reason = "has an invalid value '" + ex.getValue() + "' (expected a job id, a UUID)";
		ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request",
				ex.getName() + " " + reason);
		problem.setProperty("errors", List.of(Map.of("field", ex.getName(), "reason", reason)));
		return problem;
	}

	private static ProblemDetail problem(HttpStatus status, String type, String title, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setType(URI.create(TYPE_BASE + type));
		problem.setTitle(title);
		return problem;
	}

}
