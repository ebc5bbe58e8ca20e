package dev.jobs.app.security;

/** A request field the account endpoints refuse; answered with 400 naming the field. */
class InvalidFieldException extends RuntimeException {

	private final String field;

	private final String reason;

	InvalidFieldException(String field, String reason) {
		super(field + " " + reason);
		this.field = field;
		this.reason = reason;
	}

	String field() {
		return field;
	}

	String reason() {
		return reason;
	}

}
