package dev.jobs.app.security;

import java.net.URI;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * RFC 9457 problems naming the fields at fault, for the account endpoints (users and tokens).
 * <p>
 * Scoped by package, not by a list of controllers, so a controller added to the package later is covered
 * too; one in a package of its own needs an advice of its own, which
 * {@code JobPlatformArchitecture.everyRestControllerHasOneProblemMapping} demands.
 */
@RestControllerAdvice(basePackageClasses = AccountController.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class AccountProblemHandler {

	@ExceptionHandler(InvalidFieldException.class)
	ProblemDetail invalidField(InvalidFieldException ex) {
		return invalid(List.of(Map.of("field", ex.field(), "reason", ex.reason())));
	}

	@ExceptionHandler(AccountForbiddenException.class)
	ProblemDetail forbidden(AccountForbiddenException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN, ex.getMessage());
		problem.setType(URI.create("https://jobs.dev/problems/forbidden"));
		problem.setTitle("Not allowed");
		return problem;
	}

	@ExceptionHandler(UsernameTakenException.class)
	ProblemDetail taken(UsernameTakenException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, ex.getMessage());
		problem.setType(URI.create("https://jobs.dev/problems/username-taken"));
		problem.setTitle("Username taken");
		problem.setProperty("errors", List.of(Map.of("field", "username", "reason", "is taken")));
		return problem;
	}

	@ExceptionHandler(TooManyTokensException.class)
	ProblemDetail tooManyTokens(TooManyTokensException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, ex.getMessage());
		problem.setType(URI.create("https://jobs.dev/problems/too-many-tokens"));
		problem.setTitle("Too many API tokens");
		return problem;
	}

	@ExceptionHandler(MethodArgumentNotValidException.class)
	ProblemDetail invalidFields(MethodArgumentNotValidException ex) {
		return invalid(ex.getBindingResult()
			.getFieldErrors()
			.stream()
			.map(e -> Map.of("field", e.getField(), "reason", String.valueOf(e.getDefaultMessage())))
			.sorted(Comparator.comparing(e -> e.get("field")))
			.toList());
	}

	private static ProblemDetail invalid(List<Map<String, String>> errors) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "The request has invalid "
				+ "fields: " + errors.stream().map(e -> e.get("field") + " " + e.get("reason")).toList());
		problem.setType(URI.create("https://jobs.dev/problems/invalid-request"));
		problem.setTitle("Invalid request");
		problem.setProperty("errors", errors);
		return problem;
	}

}
