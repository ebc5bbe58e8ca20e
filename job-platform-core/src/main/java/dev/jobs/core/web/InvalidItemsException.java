package dev.jobs.core.web;

import java.util.List;

import dev.jobs.core.InvalidJobPayloadException.FieldError;

import org.springframework.http.HttpStatus;

/**
 * Items of a bulk submission refused before anything is written, every one of them named
 * ({@code jobs[3].type}): a problem of the given status listing all the errors.
 */
class InvalidItemsException extends RuntimeException {

	private final HttpStatus status;

	private final String problemType;

	private final String title;

	private final List<FieldError> errors;

	InvalidItemsException(HttpStatus status, String problemType, String title, String detail,
			List<FieldError> errors) {
		super(detail);
		this.status = status;
		this.problemType = problemType;
		this.title = title;
		this.errors = List.copyOf(errors);
	}

	HttpStatus status() {
		return status;
	}

	String problemType() {
		return problemType;
	}

	String title() {
		return title;
	}

	List<FieldError> errors() {
		return errors;
	}

}
