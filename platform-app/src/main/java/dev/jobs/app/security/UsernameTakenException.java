package dev.jobs.app.security;

/** The username is, or was once, someone's; answered with 409. */
class UsernameTakenException extends RuntimeException {

	UsernameTakenException(String message) {
		super(message);
	}

}
