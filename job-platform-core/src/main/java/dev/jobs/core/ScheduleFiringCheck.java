package dev.jobs.core;

import java.util.Optional;

/**
 * Asked at each firing of a schedule, before its job is submitted: a schedule acts with its
 * creator's rights as they are at the firing, not as they were when it was made. An application
 * with users implements it (the creator still active, still allowed to schedule and to submit the
 * type; {@link JobPermissions} answers the role questions); without one, every firing may submit. A
 * refused firing submits nothing and records why, like any other refused firing, and the schedule
 * waits for its next one.
 */
@FunctionalInterface
public interface ScheduleFiringCheck {

	/** Every firing may submit. */
	ScheduleFiringCheck ALLOW_ALL = firing -> Optional.empty();

	/** @return why this firing must submit nothing, in words for the schedule's page; empty: it may fire */
	Optional<String> refusal(ScheduleFiring firing);

	/**
	 * A schedule about to fire, as the check needs it.
	 * @param scheduleId the schedule's id
	 * @param type the job type it submits
	 * @param createdBy who made it over the API ({@code null} for a schedule from configuration)
	 * @param fromConfiguration whether it comes from {@code jobs.schedules.definitions} (the operator's,
	 * fired as configured) rather than from the API
	 */
	record ScheduleFiring(String scheduleId, String type, String createdBy, boolean fromConfiguration) {
	}

}
