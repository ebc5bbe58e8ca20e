package dev.jobs.core;

/**
 * The caller is known but may not do this: answered with 403 (problem type {@code forbidden}) by the core's API,
 * and by an application's endpoints that ask {@link JobPermissions}.
 */
public class NotPermittedException extends RuntimeException {

	public NotPermittedException(String message) {
		super(message);
	}

}
