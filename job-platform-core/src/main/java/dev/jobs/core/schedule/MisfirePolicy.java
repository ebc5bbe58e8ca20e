package dev.jobs.core.schedule;

/**
 * What a schedule does with firings missed while no instance was running (or the database was
 * down): a firing is missed when it is found more than {@code jobs.schedules.misfire-grace} after
 * its time.
 */
public enum MisfirePolicy {

	/** Submit one job for all the missed firings together, then continue with the next future firing. */
	RUN_ONCE,

	/** Submit nothing for the missed firings; continue with the next future firing. */
	SKIP

}
