package dev.jobs.core.web;

import java.security.Principal;

import dev.jobs.core.AccessPolicy;
import dev.jobs.core.JobAdmin.Access;
import dev.jobs.core.job.JobTypeSettings;
import dev.jobs.core.JobView;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Who calls the API, read from the servlet request so the core needs no security library: with
 * Spring Security (or any container security) the principal and roles come from it. Without an
 * authenticated caller the request is refused (the core fails closed), unless
 * {@code jobs.api.allow-anonymous} is set for a local trial, where the caller is unrestricted.
 * What the caller's roles allow is the {@link AccessPolicy}'s answer, asked once per request.
 */
record Caller(String name, boolean authenticated, Access access, HttpServletRequest request) {

	static final String ANONYMOUS = "anonymous";

	/** @throws UnauthenticatedException if there is no principal and anonymous calls are not allowed */
	static Caller of(HttpServletRequest request, AccessPolicy policy, boolean allowAnonymous) {
		Principal principal = request.getUserPrincipal();
		if (principal == null) {
			if (!allowAnonymous) {
				throw new UnauthenticatedException();
			}
			return new Caller(ANONYMOUS, false, Access.ACT, request);
		}
		return new Caller(principal.getName(), true, policy.access(request::isUserInRole), request);
	}

	/** An administrator: sees and changes every job. */
	boolean admin() {
		return access == Access.ACT;
	}

	/** A reader (auditor): sees every job, changes none. */
	boolean reader() {
		return access == Access.READ;
	}

	/** Admins and readers (auditors) see every job; others only their own. */
	boolean maySee(JobView job) {
		return AccessPolicy.maySee(access, job.createdBy(), name);
	}

	/** Whether the caller sees every submitter's jobs in lists. */
	boolean seesAll() {
		return access != Access.NONE;
	}

	/** Whether the caller may submit jobs of a type with these settings (a caller without security: always). */
	boolean maySubmit(JobTypeSettings settings) {
		return !authenticated || settings.allowsSubmitter(admin(), request::isUserInRole);
	}

}
