package dev.jobs.core;

/**
 * When a batch's callback job is released. Each fires at most once in the batch's life; the rules, retries
 * included, are in {@code docs/BATCHES.md}.
 */
public enum BatchCallback {

	/** Every member succeeded (perhaps after a retry of failed members). */
	ON_SUCCESS,
	/** Every member ended, whatever the outcome: fires the first time the batch completes. */
	ON_COMPLETE,
	/** The first member that failed for good (its attempts spent, or a non-retryable error). */
	ON_FAILURE

}
