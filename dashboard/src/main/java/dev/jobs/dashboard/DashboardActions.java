package dev.jobs.dashboard;

import java.util.Collection;
import java.util.List;
import java.util.UUID;

import dev.jobs.core.JobAdmin;
import dev.jobs.core.JobAdmin.Action;
import dev.jobs.core.JobAdmin.Actor;
import dev.jobs.core.JobAdmin.BulkResult;
import dev.jobs.core.JobAdmin.Redrive;
import dev.jobs.core.JobBrowser.JobSearch;

/**
 * Every change the dashboard makes goes through this one class: retry, cancel and delete of one
 * job, of a selection or of everything matching a filter, and dead-letter re-drives. One place to
 * record them (the operation log annotates these methods) and to check them: each call goes to
 * the core's {@link JobAdmin}, which refuses anyone but an administrator and applies the same
 * rules as the REST API.
 */
public class DashboardActions {

	private final JobAdmin admin;

	public DashboardActions(JobAdmin admin) {
		this.admin = admin;
	}

	public BulkResult retry(Actor actor, UUID jobId) {
		return admin.retry(actor, List.of(jobId));
	}

	public BulkResult cancel(Actor actor, UUID jobId) {
		return admin.cancel(actor, List.of(jobId));
	}

	public BulkResult delete(Actor actor, UUID jobId) {
		return admin.delete(actor, List.of(jobId));
	}

	/** An action on the jobs an operator ticked. */
	public BulkResult applyToSelected(Actor actor, Action action, Collection<UUID> jobIds) {
		return switch (action) {
			case RETRY -> admin.retry(actor, jobIds);
			case CANCEL -> admin.cancel(actor, jobIds);
			case DELETE -> admin.delete(actor, jobIds);
		};
	}

	/** An action on every job matching the filter the operator sees. */
	public BulkResult applyToMatching(Actor actor, Action action, JobSearch filter) {
		return admin.applyToMatching(actor, action, filter);
	}

	/** Retries every parked job of a type and empties its dead-letter queue. */
	public Redrive redriveAll(Actor actor, String type) {
		return admin.redrive(actor, type);
	}

	/**
	 * Retries one parked job. Its message stays in the dead-letter queue until the next full
	 * re-drive, which skips it (the job is no longer failed).
	 */
	public BulkResult redriveOne(Actor actor, UUID jobId) {
		return admin.retry(actor, List.of(jobId));
	}

}
