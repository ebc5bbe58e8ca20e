package dev.jobs.core.job;

import java.time.Duration;
import java.util.UUID;

/**
 * A job won by a claim: everything the worker needs to run the handler.
 * @param handlerStarted whether the claim was marked started with it (the only or first claim of a
 * delivery batch); a claim held behind others is marked when its handler starts
 */
public record ClaimedJob(UUID id, String type, String payload, int attempt, int maxAttempts, int attemptBase,
		int priority, String createdBy, Duration queueTime, boolean handlerStarted) {

	public JobMessage message() {
		return new JobMessage(id, type, attempt, priority);
	}

}
