package dev.jobs.dashboard;

import java.security.Principal;

import dev.jobs.core.JobAdmin.Actor;
import jakarta.servlet.http.HttpServletRequest;

/** The signed-in person as the core's operator API sees them. */
final class Actors {

	private Actors() {
	}

	/** {@code null} name (no access) when nobody is signed in. */
	static Actor of(HttpServletRequest request) {
		Principal principal = request.getUserPrincipal();
		return new Actor((principal != null) ? principal.getName() : null, request::isUserInRole);
	}

}
