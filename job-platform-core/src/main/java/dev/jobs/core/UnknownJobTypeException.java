package dev.jobs.core;

import java.util.Collection;

/** No handler is registered for the job type. */
public class UnknownJobTypeException extends JobsException {

	private final String type;

	public UnknownJobTypeException(String type, Collection<String> known) {
		super("Unknown job type '" + type + "'. Registered types: " + known);
		this.type = type;
	}

	public String type() {
		return type;
	}

}
