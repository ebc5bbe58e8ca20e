package dev.jobs.app.security;

/** The roles of the seed: who may do what is in the README ("Roles"). */
public enum Role {

	/** Sees and steers every job, runs dead-letter actions, manages users. */
	SUPER_ADMIN,
	/** Submits employee exports; sees only own jobs. */
	MANAGER,
	/** Submits the types open to everyone; sees only own jobs. */
	USER,
	/**
	 * Reads everything an administrator reads (every job, the dashboard) and changes nothing: every
	 * state-changing request is refused (403), on every path.
	 */
	AUDITOR

}
