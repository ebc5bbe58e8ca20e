package dev.jobs.app.security;

/** The caller is known but may not do this account action; answered with 403. */
class AccountForbiddenException extends RuntimeException {

	AccountForbiddenException(String message) {
		super(message);
	}

}
