package dev.jobs.dashboard;

import java.security.Principal;

import dev.jobs.core.JobAdmin;
import dev.jobs.core.JobAdmin.Actor;
import dev.jobs.core.NotPermittedException;
import jakarta.servlet.http.HttpServletRequest;

/** The signed-in person as the core's operator API sees them. */
final class Actors {

	private Actors() {
	}

	/**
	 * The dashboard's one rule for every change it makes outside the job list: administrators only, as
	 * {@link JobAdmin#access} answers for the API.
	 * @param what the actions refused, as a sentence's subject ("manage schedules")
	 * @throws NotPermittedException for anyone else, auditors included
	 */
	static void requireAdministrator(JobAdmin admin, Actor actor, String what) {
		if (admin.access(actor) != JobAdmin.Access.ACT) {
			throw new NotPermittedException("Only administrators " + what + "; " + actor.name() + " may not.");
		}
	}

	/** {@code null} name (no access) when nobody is signed in. */
	static Actor of(HttpServletRequest request) {
		Principal principal = request.getUserPrincipal();
		return new Actor((principal != null) ? principal.getName() : null, request::isUserInRole);
	}

}
