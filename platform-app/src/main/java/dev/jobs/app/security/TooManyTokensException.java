package dev.jobs.app.security;

/** The user already holds as many active API tokens as allowed; answered with 409. */
class TooManyTokensException extends RuntimeException {

	TooManyTokensException(String message) {
		super(message);
	}

}
