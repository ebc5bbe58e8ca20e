package dev.jobs.core.job;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

import dev.jobs.core.AccessPolicy;
import dev.jobs.core.IllegalJobTransitionException;
import dev.jobs.core.JobAdmin;
import dev.jobs.core.JobBrowser.JobSearch;
import dev.jobs.core.JobClient;
import dev.jobs.core.JobNotFoundException;
import dev.jobs.core.JobStatus;
import dev.jobs.core.TooManyActiveJobsException;

/**
 * The {@link JobAdmin}. Retry and cancel go through the {@link JobClient}, one job at a time, so
 * a bulk action meets every rule a single call meets (the state machine's guards, the active
 * limit, the end listeners); delete locks the ended jobs among those asked for and removes their
 * result files before their rows, as retention does.
 */
public class DefaultJobAdmin implements JobAdmin {

	private final JobClient client;

	private final JobReads reads;

	private final JobBrowserQueries queries;

	private final JobTypeRegistry registry;

	private final JobDeletions deletions;

	private final Function<String, Redrive> deadLetters;

	private final AccessPolicy policy;

	/**
	 * @param browser the read model: the jobs a bulk action looks at and those a search matches
	 * @param deadLetters re-drives a type's dead-letter queue (the delivery package's {@code DeadLetters})
	 * @param policy who may look and who may act: the same policy the REST API asks
	 */
	public DefaultJobAdmin(JobClient client, DefaultJobBrowser browser, JobTypeRegistry registry,
			JobDeletions deletions, Function<String, Redrive> deadLetters, AccessPolicy policy) {
		this.client = client;
		this.reads = browser.reads();
		this.queries = browser.queries();
		this.registry = registry;
		this.deletions = deletions;
		this.deadLetters = deadLetters;
		this.policy = policy;
	}

	@Override
	public Access access(Actor actor) {
		if (actor == null || actor.name() == null || actor.hasRole() == null) {
			return Access.NONE;
		}
		return policy.access(actor.hasRole());
	}

	private void requireAct(Actor actor) {
		if (access(actor) != Access.ACT) {
			throw new NotAllowedException("Only administrators " + policy.adminRoles()
					+ " may retry, cancel, delete or re-drive jobs; "
					+ ((actor != null) ? actor.name() : "an anonymous caller") + " may not.");
		}
	}

	@Override
	public BulkResult retry(Actor actor, Collection<UUID> ids) {
		requireAct(actor);
		Outcomes outcomes = new Outcomes(Action.RETRY, ids);
		for (UUID id : outcomes.ids) {
			Optional<JobRow> row = reads.find(id);
			if (row.isEmpty()) {
				outcomes.skip("not found");
				continue;
			}
			if (!JobStateMachine.Transition.RETRY.from().contains(row.get().status())) {
				outcomes.skip("not failed or cancelled");
				continue;
			}
			if (!maySubmit(actor, row.get().type())) {
				outcomes.skip("your roles may not submit " + row.get().type());
				continue;
			}
			try {
				client.retry(id);
				outcomes.changed++;
			}
			catch (TooManyActiveJobsException ex) {
				outcomes.skip("its submitter has the type's limit of active jobs");
			}
			catch (IllegalJobTransitionException | JobNotFoundException ex) {
				outcomes.skip("changed meanwhile, not failed or cancelled any more");
			}
		}
		return outcomes.result();
	}

	/** The same rule as the REST API's retry: the type's submit roles. */
	@Override
	public boolean maySubmit(Actor actor, String type) {
		return registry.find(type)
			.map(t -> t.settings().allowsSubmitter(access(actor) == Access.ACT, actor.hasRole()))
			.orElse(true);
	}

	@Override
	public BulkResult cancel(Actor actor, Collection<UUID> ids) {
		requireAct(actor);
		Outcomes outcomes = new Outcomes(Action.CANCEL, ids);
		for (UUID id : outcomes.ids) {
			Optional<JobRow> row = reads.find(id);
			if (row.isEmpty()) {
				outcomes.skip("not found");
				continue;
			}
			if (row.get().status() == JobStatus.CANCELLED || row.get().cancelRequested()) {
				outcomes.skip("already cancelled");
				continue;
			}
			try {
				client.cancel(id);
				outcomes.changed++;
			}
			catch (IllegalJobTransitionException ex) {
				outcomes.skip("already ended");
			}
			catch (JobNotFoundException ex) {
				outcomes.skip("not found");
			}
		}
		return outcomes.result();
	}

	@Override
	public BulkResult delete(Actor actor, Collection<UUID> ids) {
		requireAct(actor);
		Outcomes outcomes = new Outcomes(Action.DELETE, ids);
		int deleted = deletions.deleteEnded(outcomes.ids);
		outcomes.changed = deleted;
		int notDeleted = outcomes.ids.size() - deleted;
		if (notDeleted > 0) {
			outcomes.skipped.put("not ended (cancel it first), not found, or its result file could not be removed",
					notDeleted);
		}
		return outcomes.result();
	}

	@Override
	public BulkResult applyToMatching(Actor actor, Action action, JobSearch search) {
		requireAct(actor);
		List<UUID> ids = queries.ids((search != null) ? search : JobSearch.any(), MAX_MATCHING);
		return switch (action) {
			case RETRY -> retry(actor, ids);
			case CANCEL -> cancel(actor, ids);
			case DELETE -> delete(actor, ids);
		};
	}

	@Override
	public Redrive redrive(Actor actor, String type) {
		requireAct(actor);
		return deadLetters.apply(type);
	}

	/** Counts of one bulk action. */
	private static final class Outcomes {

		final Action action;

		final Set<UUID> ids;

		int changed;

		final Map<String, Integer> skipped = new LinkedHashMap<>();

		Outcomes(Action action, Collection<UUID> ids) {
			this.action = action;
			this.ids = new LinkedHashSet<>(ids);
		}

		void skip(String reason) {
			skipped.merge(reason, 1, Integer::sum);
		}

		BulkResult result() {
			return new BulkResult(action, ids.size(), changed, java.util.Collections.unmodifiableMap(skipped));
		}

	}

}
