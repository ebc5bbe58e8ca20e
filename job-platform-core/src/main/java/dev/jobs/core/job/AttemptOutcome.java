package dev.jobs.core.job;

/** How an attempt ended, as written to the attempt history. */
public enum AttemptOutcome {

	SUCCEEDED, FAILED, TIMED_OUT, CANCELLED, LOST, HANDED_BACK

}
