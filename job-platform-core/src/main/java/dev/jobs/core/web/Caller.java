package dev.jobs.core.web;

import java.security.Principal;
import java.util.Collection;

import dev.jobs.core.job.JobTypeSettings;
import dev.jobs.core.JobView;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Who calls the API, read from the servlet request so the core needs no security library: with
 * Spring Security (or any container security) the principal and roles come from it. Without an
 * authenticated caller the request is refused (the core fails closed), unless
 * {@code jobs.api.allow-anonymous} is set for a local trial, where the caller is unrestricted.
 */
record Caller(String name, boolean authenticated, boolean admin, boolean reader, HttpServletRequest request,
		Collection<String> adminRoles) {

	static final String ANONYMOUS = "anonymous";

	/** @throws UnauthenticatedException if there is no principal and anonymous calls are not allowed */
	static Caller of(HttpServletRequest request, Collection<String> adminRoles, boolean allowAnonymous) {
		return of(request, adminRoles, java.util.List.of(), allowAnonymous);
	}

	/** @param readerRoles roles that see every job but change nothing (auditors) */
	static Caller of(HttpServletRequest request, Collection<String> adminRoles, Collection<String> readerRoles,
			boolean allowAnonymous) {
		Principal principal = request.getUserPrincipal();
		if (principal == null) {
			if (!allowAnonymous) {
				throw new UnauthenticatedException();
			}
			return new Caller(ANONYMOUS, false, true, false, request, adminRoles);
		}
		boolean admin = adminRoles.stream().anyMatch(request::isUserInRole);
		boolean reader = !admin && readerRoles.stream().anyMatch(request::isUserInRole);
		return new Caller(principal.getName(), true, admin, reader, request, adminRoles);
	}

	/** Admins and readers (auditors) see every job; others only their own. */
	boolean maySee(JobView job) {
		return admin || reader || job.createdBy().equals(name);
	}

	/** Whether the caller sees every submitter's jobs in lists. */
	boolean seesAll() {
		return admin || reader;
	}

	/** Whether the caller may submit jobs of a type with these settings (a caller without security: always). */
	boolean maySubmit(JobTypeSettings settings) {
		return !authenticated || settings.allowsSubmitter(admin, request::isUserInRole);
	}

}
