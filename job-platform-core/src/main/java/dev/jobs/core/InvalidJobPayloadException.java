package dev.jobs.core;

import java.util.List;

/** The payload does not bind to the handler's payload class or breaks its constraints. */
public class InvalidJobPayloadException extends JobsException {

	private final List<FieldError> errors;

	public InvalidJobPayloadException(String type, List<FieldError> errors) {
		super("Invalid payload for job type " + type + ": " + errors);
		this.errors = List.copyOf(errors);
	}

	public List<FieldError> errors() {
		return errors;
	}

	/** One problem: the field's path (e.g. {@code payload.millis}) and why it was refused. */
	public record FieldError(String field, String reason) {

		@Override
		public String toString() {
			return field + " " + reason;
		}

	}

}
