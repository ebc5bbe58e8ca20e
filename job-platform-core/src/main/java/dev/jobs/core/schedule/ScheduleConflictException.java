package dev.jobs.core.schedule;

import dev.jobs.core.JobsException;

/** A change that contradicts an existing schedule (answered with 409). */
public class ScheduleConflictException extends JobsException {

	public ScheduleConflictException(String message) {
		super(message);
	}

}
