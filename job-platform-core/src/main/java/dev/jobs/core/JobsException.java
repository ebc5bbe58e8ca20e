package dev.jobs.core;

/**
 * Base of the exceptions the platform throws at its callers; each names what went wrong and what
 * to do about it.
 */
public abstract class JobsException extends RuntimeException {

	protected JobsException(String message) {
		super(message);
	}

}
