package dev.jobs.core;

import java.util.UUID;

/** There is no batch with this id (or the caller may not see it). */
public class BatchNotFoundException extends JobsException {

	public BatchNotFoundException(UUID id) {
		super("No batch with id " + id);
	}

}
