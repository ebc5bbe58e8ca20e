package dev.jobs.core.web;

/** The core's own refusal (403): its name is what the operation log records as the error type. */
public class ForbiddenException extends dev.jobs.core.NotPermittedException {

	public ForbiddenException(String message) {
		super(message);
	}

}
