package dev.jobs.core.web;

import java.net.URI;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * The request has no authenticated caller, and anonymous calls are not allowed
 * ({@code jobs.api.allow-anonymous}); answered with a 401 problem by any Spring MVC set-up, since
 * it is an {@link ErrorResponseException}.
 */
public class UnauthenticatedException extends ErrorResponseException {

	UnauthenticatedException() {
		super(HttpStatus.UNAUTHORIZED, problem(), null);
	}

	private static ProblemDetail problem() {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNAUTHORIZED,
				"The job API needs an authenticated caller; sign in. (For a local trial without security, "
						+ "set jobs.api.allow-anonymous=true.)");
		problem.setType(URI.create("https://jobs.dev/problems/unauthorized"));
		problem.setTitle("Authentication required");
		return problem;
	}

}
