package dev.jobs.core;

import java.util.UUID;

/** The job's current status does not allow the requested action; nothing was changed. */
public class IllegalJobTransitionException extends JobsException {

	private final JobStatus current;

	public IllegalJobTransitionException(UUID id, String action, JobStatus current) {
		super("Cannot " + action + " job " + id + ": it is " + current);
		this.current = current;
	}

	public JobStatus current() {
		return current;
	}

}
