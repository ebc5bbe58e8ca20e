package dev.jobs.core;

import java.util.Collection;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import dev.jobs.core.JobBrowser.JobSearch;

/**
 * Repairs an operator makes: retry, cancel and delete jobs, one, a selection, or everything
 * matching a search; re-drive a type's dead letters. Every action obeys the same rules as the
 * REST API's: only administrators ({@code jobs.api.admin-roles}) act; a retry needs the type's
 * submit roles and respects its submitter's active limit; cancel and delete follow the state
 * machine. Each job is handled on its own, so one refusal never undoes the others; the result
 * counts what changed and why the rest did not.
 */
public interface JobAdmin {

	/** At most this many jobs per action over a search; call again for more. */
	int MAX_MATCHING = 10_000;

	/** What the caller may do: {@link Access#ACT}, {@link Access#READ} or {@link Access#NONE}. */
	Access access(Actor actor);

	/**
	 * Whether the actor's roles may create jobs of the type (its submit roles, as {@code POST /api/jobs} checks);
	 * true for a type no longer registered, whose jobs a retry or a schedule may still name.
	 */
	boolean maySubmit(Actor actor, String type);

	BulkResult retry(Actor actor, Collection<UUID> ids);

	BulkResult cancel(Actor actor, Collection<UUID> ids);

	/** Deletes finished jobs (succeeded, failed, cancelled) with their attempt history and result files. */
	BulkResult delete(Actor actor, Collection<UUID> ids);

	/** Applies an action to every job matching the search (at most {@link #MAX_MATCHING}). */
	BulkResult applyToMatching(Actor actor, Action action, JobSearch search);

	/**
	 * Retries every parked job of a type and empties its dead-letter queue, as
	 * {@code POST /api/job-types/{type}/dead-letters/redrive} does.
	 */
	Redrive redrive(Actor actor, String type);

	/** The three actions that apply to many jobs. */
	enum Action {

		RETRY, CANCEL, DELETE

	}

	/** What someone may do with jobs here. */
	enum Access {

		/** Reads everything and acts. */
		ACT,
		/** Reads everything, changes nothing ({@code jobs.api.reader-roles}). */
		READ,
		/** Neither. */
		NONE

	}

	/**
	 * Who acts: the signed-in name and a test of its roles (e.g. {@code request::isUserInRole}).
	 */
	record Actor(String name, Predicate<String> hasRole) {
	}

	/**
	 * What a bulk action did.
	 * @param requested jobs asked for (ids given, or jobs matching)
	 * @param changed jobs the action applied to
	 * @param skipped reasons the others were left as they were, with how many each
	 */
	record BulkResult(Action action, int requested, int changed, Map<String, Integer> skipped) {

		public int skippedCount() {
			return skipped.values().stream().mapToInt(Integer::intValue).sum();
		}

	}

	/** What a dead-letter re-drive did. */
	record Redrive(String type, int redriven, int skipped) {
	}

	/** The actor may not do this. */
	class NotAllowedException extends JobsException {

		public NotAllowedException(String message) {
			super(message);
		}

	}

}
