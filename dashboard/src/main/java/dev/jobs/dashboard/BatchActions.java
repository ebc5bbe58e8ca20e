package dev.jobs.dashboard;

import java.util.UUID;

import dev.jobs.core.BatchView;
import dev.jobs.core.Batches;
import dev.jobs.core.JobAdmin;
import dev.jobs.core.NotPermittedException;
import dev.jobs.core.JobAdmin.Actor;
import dev.jobs.core.operationlog.OperationLog;

/**
 * The dashboard's cancel of a batch and retry of its failed members: each an {@link OperationLog} entry, each for
 * administrators only ({@link JobAdmin#access}), as the batches' REST endpoints are; the core's {@link Batches}
 * checks no roles, so the check is here. A Spring bean, so that the operation log's advice proxies it; no method
 * calls another.
 */
public class BatchActions {

	private final Batches batches;

	private final JobAdmin admin;

	public BatchActions(Batches batches, JobAdmin admin) {
		this.batches = batches;
		this.admin = admin;
	}

	@OperationLog(action = "DASHBOARD_BATCH_CANCEL", target = "#batchId",
			success = "cancelled batch #{#batchId} from the dashboard: #{#result.succeeded()} succeeded, "
					+ "#{#result.failed()} failed, #{#result.cancelled()} cancelled, #{#result.running()} running of "
					+ "#{#result.total()}",
			fail = "could not cancel batch #{#batchId} from the dashboard: #{#errorMessage}")
	public BatchView cancel(Actor actor, UUID batchId) {
		requireAdministrator(actor);
		return batches.cancel(batchId);
	}

	@OperationLog(action = "DASHBOARD_BATCH_RETRY_FAILED", target = "#batchId",
			success = "retried #{#result.retried()} failed or cancelled member(s) of batch #{#batchId} from the dashboard",
			fail = "could not retry the failed members of batch #{#batchId} from the dashboard: #{#errorMessage}")
	public Batches.Retried retryFailed(Actor actor, UUID batchId) {
		requireAdministrator(actor);
		// A retry revives jobs: the actor must still be allowed to submit their types, as the REST API's retry asks.
		for (String type : batches.retryableTypes(batchId)) {
			if (!admin.maySubmit(actor, type)) {
				throw new NotPermittedException("Your roles may not submit " + type + " jobs, so this batch's failed "
						+ type + " members cannot be retried by you; " + actor.name() + " may not.");
			}
		}
		return batches.retryFailed(batchId);
	}

	private void requireAdministrator(Actor actor) {
		Actors.requireAdministrator(admin, actor, "cancel batches and retry their members");
	}

}
