package dev.jobs.core.schedule;

import dev.jobs.core.JobsException;

/** A schedule definition the platform refuses, naming the field and the reason (answered with 400). */
public class InvalidScheduleException extends JobsException {

	private final String field;

	private final String reason;

	public InvalidScheduleException(String field, String reason) {
		super(field + " " + reason);
		this.field = field;
		this.reason = reason;
	}

	public String field() {
		return field;
	}

	public String reason() {
		return reason;
	}

}
