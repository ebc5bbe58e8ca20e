package dev.jobs.core;

/**
 * Thrown by a handler when retrying cannot help (bad input, a missing record): the job fails at
 * once instead of using its remaining attempts.
 */
public class NonRetryableJobException extends RuntimeException {

	public NonRetryableJobException(String message) {
		super(message);
	}

	public NonRetryableJobException(String message, Throwable cause) {
		super(message, cause);
	}

}
