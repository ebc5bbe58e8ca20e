package dev.jobs.dashboard;

import dev.jobs.core.JobAdmin;
import dev.jobs.core.JobAdmin.Access;
import dev.jobs.core.JobAdmin.Actor;
import dev.jobs.core.JobTypeControls;
import dev.jobs.core.JobTypeControls.TypeControl;
import dev.jobs.core.NotPermittedException;
import dev.jobs.core.operationlog.OperationLog;

/**
 * The dashboard's pause, resume and scale of a job type: each an {@link OperationLog} entry, each for
 * administrators only ({@link JobAdmin#access}), as {@code /api/job-types/{type}/…} are. A Spring bean, so the
 * operation log's advice proxies it; no method calls another.
 */
public class TypeControlActions {

	private final JobTypeControls controls;

	private final JobAdmin admin;

	public TypeControlActions(JobTypeControls controls, JobAdmin admin) {
		this.controls = controls;
		this.admin = admin;
	}

	@OperationLog(action = "DASHBOARD_JOB_TYPE_PAUSE", target = "#type", success = "paused job type #{#type} from the dashboard",
			fail = "could not pause job type #{#type} from the dashboard: #{#errorMessage}")
	public TypeControl pause(Actor actor, String type) {
		requireAdministrator(actor);
		return controls.pause(type, actor.name());
	}

	@OperationLog(action = "DASHBOARD_JOB_TYPE_RESUME", target = "#type",
			success = "resumed job type #{#type} from the dashboard",
			fail = "could not resume job type #{#type} from the dashboard: #{#errorMessage}")
	public TypeControl resume(Actor actor, String type) {
		requireAdministrator(actor);
		return controls.resume(type, actor.name());
	}

	@OperationLog(action = "DASHBOARD_JOB_TYPE_SCALE", target = "#type",
			success = "set job type #{#type} to #{#concurrency} consumer(s) per instance from the dashboard",
			fail = "could not scale job type #{#type} to #{#concurrency} from the dashboard: #{#errorMessage}")
	public TypeControl scale(Actor actor, String type, int concurrency) {
		requireAdministrator(actor);
		return controls.scale(type, concurrency, actor.name());
	}

	@OperationLog(action = "DASHBOARD_JOB_TYPE_SCALE_RESET", target = "#type",
			success = "reset job type #{#type} to its configured concurrency from the dashboard",
			fail = "could not reset the concurrency of job type #{#type} from the dashboard: #{#errorMessage}")
	public TypeControl resetConcurrency(Actor actor, String type) {
		requireAdministrator(actor);
		return controls.resetConcurrency(type, actor.name());
	}

	private void requireAdministrator(Actor actor) {
		if (admin.access(actor) != Access.ACT) {
			throw new NotPermittedException(
					"Only administrators pause, resume and scale job types; " + actor.name() + " may not.");
		}
	}

}
