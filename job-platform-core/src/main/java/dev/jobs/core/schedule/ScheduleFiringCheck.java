package dev.jobs.core.schedule;

import java.util.Optional;

/**
 * Asked at each firing of a schedule, before its job is submitted: a schedule acts with its
 * creator's rights as they are at the firing, not as they were when it was made. An application
 * with users implements it (the creator still active, still allowed to schedule and to submit the
 * type); without one, every firing may submit. A refused firing submits nothing and records why,
 * like any other refused firing, and the schedule waits for its next one.
 */
@FunctionalInterface
public interface ScheduleFiringCheck {

	/** Every firing may submit. */
	ScheduleFiringCheck ALLOW_ALL = schedule -> Optional.empty();

	/** @return why this firing must submit nothing, in words for the schedule's page; empty: it may fire */
	Optional<String> refusal(Schedule schedule);

}
