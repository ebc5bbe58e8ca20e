package dev.jobs.core.web;

import java.security.Principal;
import java.util.Collection;
import java.util.Set;

import dev.jobs.core.JobHandler;
import dev.jobs.core.JobView;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Who calls the API, read from the servlet request so the core needs no security library: with
 * Spring Security (or any container security) the principal and roles come from it; without an
 * authenticated caller the API is unrestricted, as in a local trial.
 */
record Caller(String name, boolean authenticated, boolean admin, HttpServletRequest request,
		Collection<String> adminRoles) {

	static final String ANONYMOUS = "anonymous";

	static Caller of(HttpServletRequest request, Collection<String> adminRoles) {
		Principal principal = request.getUserPrincipal();
		if (principal == null) {
			return new Caller(ANONYMOUS, false, true, request, adminRoles);
		}
		boolean admin = adminRoles.stream().anyMatch(request::isUserInRole);
		return new Caller(principal.getName(), true, admin, request, adminRoles);
	}

	/** Admins see every job; others only their own. */
	boolean maySee(JobView job) {
		return admin || job.createdBy().equals(name);
	}

	/** Whether the caller has one of the roles a type allows to submit it (empty: anyone). */
	boolean maySubmit(Set<String> allowed) {
		if (allowed.isEmpty() || !authenticated) {
			return true;
		}
		for (String role : allowed) {
			if (JobHandler.ADMINS.equals(role) ? admin : request.isUserInRole(role)) {
				return true;
			}
		}
		return false;
	}

}
