package dev.jobs.core.job;

import java.time.Duration;
import java.util.List;

/**
 * Publishes job messages once the transaction that made them due has committed. Implemented by
 * the delivery layer; a message that is never confirmed is picked up by the outbox relay.
 */
public interface MessageDispatcher {

	/** The job is due now: publish to its work queue after commit. */
	void dispatchAfterCommit(List<JobMessage> messages);

	/** The job is due after {@code delay}: publish to a retry tier after commit. */
	void dispatchRetryAfterCommit(JobMessage message, Duration delay);

	/** The job failed for good: park its message in the type's dead-letter queue after commit. */
	void deadLetterAfterCommit(JobMessage message, String error);

}
