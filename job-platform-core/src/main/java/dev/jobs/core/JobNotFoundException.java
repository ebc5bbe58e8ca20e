package dev.jobs.core;

import java.util.UUID;

/** There is no job with this id (or the caller may not see it). */
public class JobNotFoundException extends JobsException {

	public JobNotFoundException(UUID id) {
		super("No job with id " + id);
	}

}
