package dev.jobs.app.notification;

/** A request parameter or body field the notification API refuses: answered 400, naming the field. */
class InvalidParameterException extends RuntimeException {

	private final String field;

	InvalidParameterException(String field, String reason) {
		super(reason);
		this.field = field;
	}

	String field() {
		return field;
	}

}
