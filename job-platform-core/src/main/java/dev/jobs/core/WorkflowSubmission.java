package dev.jobs.core;

import java.util.Map;
import java.util.UUID;

/** A submitted workflow: each step's job, by the step's name. */
public record WorkflowSubmission(Map<String, JobClient.Submission> steps) {

	/** The job of a step. */
	public UUID id(String step) {
		JobClient.Submission submission = steps.get(step);
		if (submission == null) {
			throw new IllegalArgumentException("No step named " + step + "; the steps are " + steps.keySet());
		}
		return submission.id();
	}

}
