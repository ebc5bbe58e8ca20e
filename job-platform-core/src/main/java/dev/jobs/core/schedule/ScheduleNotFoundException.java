package dev.jobs.core.schedule;

import dev.jobs.core.JobsException;

/** No schedule with this id (answered with 404). */
public class ScheduleNotFoundException extends JobsException {

	public ScheduleNotFoundException(String id) {
		super("No schedule '" + id + "'");
	}

}
