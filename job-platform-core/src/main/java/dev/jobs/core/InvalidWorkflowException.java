package dev.jobs.core;

/**
 * A workflow or a job's dependencies cannot be submitted: a step named twice, a dependency on an unknown step
 * or job, a cycle. Names the step (or {@code dependsOn[i]}) and the reason.
 */
public class InvalidWorkflowException extends JobsException {

	private final String field;

	private final String reason;

	public InvalidWorkflowException(String field, String reason) {
		super(field + ": " + reason);
		this.field = field;
		this.reason = reason;
	}

	/** The step, e.g. {@code steps[2] (ship)}, or {@code dependsOn[0]}. */
	public String field() {
		return field;
	}

	public String reason() {
		return reason;
	}

}
