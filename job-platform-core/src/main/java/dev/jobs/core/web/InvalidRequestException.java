package dev.jobs.core.web;

/** A request parameter or header the API refuses; answered with 400 naming the field. */
class InvalidRequestException extends RuntimeException {

	private final String field;

	InvalidRequestException(String field, String reason) {
		super(reason);
		this.field = field;
	}

	String field() {
		return field;
	}

}
