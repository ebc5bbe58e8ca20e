package dev.jobs.app.exporttask;

import java.net.URI;
import java.util.List;
import java.util.Map;

import dev.jobs.app.employee.EmployeeExportController;
import dev.jobs.app.user.UserExportController;
import dev.jobs.core.InvalidJobPayloadException;
import dev.jobs.core.JobNotFoundException;
import dev.jobs.core.JobsException;
import dev.jobs.core.NotPermittedException;
import dev.jobs.core.TooManyActiveJobsException;
import dev.jobs.types.employeeexport.DepartmentExportLimitException;
import dev.jobs.types.employeeexport.NoDepartmentsException;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * RFC 9457 problems for the seed's export endpoints, like the job API's.
 * <p>
 * Scoped by package, not by a list of controllers, so a controller added to the package later is covered
 * too; one in a package of its own needs an advice of its own, which
 * {@code JobPlatformArchitecture.everyRestControllerHasOneProblemMapping} demands.
 */
@RestControllerAdvice(basePackageClasses = { ExportTaskController.class, EmployeeExportController.class,
		UserExportController.class })
@Order(Ordered.HIGHEST_PRECEDENCE)
class ExportTaskProblemHandler {

	private static final String TYPE_BASE = "https://jobs.dev/problems/";

	@ExceptionHandler(InvalidJobPayloadException.class)
	ProblemDetail invalidPayload(InvalidJobPayloadException ex) {
		List<Map<String, String>> errors = ex.errors()
			.stream()
			.map(e -> Map.of("field", e.field().replaceFirst("^payload\\.", ""), "reason", e.reason()))
			.toList();
		ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request",
				"The export parameters are invalid: " + errors.stream().map(e -> e.get("field") + " " + e.get("reason")).toList());
		problem.setProperty("errors", errors);
		return problem;
	}

	@ExceptionHandler(JobNotFoundException.class)
	ProblemDetail notFound(JobNotFoundException ex) {
		return problem(HttpStatus.NOT_FOUND, "job-not-found", "Export task not found",
				ex.getMessage() + " (or it is not an export task)");
	}

	@ExceptionHandler(MethodArgumentTypeMismatchException.class)
	ProblemDetail typeMismatch(MethodArgumentTypeMismatchException ex) {
		String expected = (ex.getRequiredType() != null && ex.getRequiredType().isEnum())
				? "one of " + java.util.Arrays.toString(ex.getRequiredType().getEnumConstants())
				: (ex.getRequiredType() != null) ? ex.getRequiredType().getSimpleName() : "another type";
		String reason = "has an invalid value '" + ex.getValue() + "' (expected " + expected + ")";
		ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request",
				ex.getName() + " " + reason);
		problem.setProperty("errors", List.of(Map.of("field", ex.getName(), "reason", reason)));
		return problem;
	}

	@ExceptionHandler(NotPermittedException.class)
	ProblemDetail forbidden(NotPermittedException ex) {
		return problem(HttpStatus.FORBIDDEN, "forbidden", "Not allowed", ex.getMessage());
	}

	@ExceptionHandler(TooManyActiveJobsException.class)
	ResponseEntity<ProblemDetail> tooMany(TooManyActiveJobsException ex) {
		ProblemDetail problem = problem(HttpStatus.TOO_MANY_REQUESTS, "too-many-active-jobs", "Too many active jobs",
				ex.getMessage());
		problem.setProperty("limit", ex.limit());
		return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS).header(HttpHeaders.RETRY_AFTER, "30").body(problem);
	}

	/** "Export every department" with no department: nothing to start. */
	@ExceptionHandler(NoDepartmentsException.class)
	ProblemDetail noDepartments(NoDepartmentsException ex) {
		return problem(HttpStatus.CONFLICT, "no-departments", "No departments", ex.getMessage());
	}

	/**
	 * "Export every department" over the user's active export limit: 429 while waiting for the user's other exports
	 * helps, 409 when the departments alone are more than the limit (only an administrator raising it helps).
	 */
	@ExceptionHandler(DepartmentExportLimitException.class)
	ResponseEntity<ProblemDetail> departmentsOverLimit(DepartmentExportLimitException ex) {
		ProblemDetail problem = ex.fitsLater()
				? problem(HttpStatus.TOO_MANY_REQUESTS, "too-many-active-jobs", "Too many active jobs", ex.getMessage())
				: problem(HttpStatus.CONFLICT, "departments-over-limit", "More departments than the export limit",
						ex.getMessage());
		problem.setProperty("limit", ex.limit());
		problem.setProperty("departments", ex.departments());
		ResponseEntity.BodyBuilder response = ResponseEntity.status(problem.getStatus());
		return ex.fitsLater() ? response.header(HttpHeaders.RETRY_AFTER, "30").body(problem) : response.body(problem);
	}

	/** Any other refusal of the job platform (unknown type, idempotency conflict, ...) is the client's. */
	@ExceptionHandler(JobsException.class)
	ProblemDetail refused(JobsException ex) {
		return problem(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request", ex.getMessage());
	}

	private static ProblemDetail problem(HttpStatus status, String type, String title, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setType(URI.create(TYPE_BASE + type));
		problem.setTitle(title);
		return problem;
	}

}
