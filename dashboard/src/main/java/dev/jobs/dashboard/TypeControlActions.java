package dev.jobs.dashboard;

import dev.jobs.core.JobAdmin;
import dev.jobs.core.JobAdmin.Actor;
import dev.jobs.core.JobTypeControls;
import dev.jobs.core.JobTypeControls.TypeControl;
import dev.jobs.core.RateLimit;
import dev.jobs.core.operationlog.OperationLog;

/**
 * The dashboard's pause, resume, scale and limits of a job type: each an {@link OperationLog} entry, each for
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

	@OperationLog(action = "DASHBOARD_JOB_TYPE_LIMIT_CONCURRENCY", target = "#type",
			success = "limited job type #{#type} to #{#globalConcurrency} attempt(s) running across all instances from the dashboard",
			fail = "could not limit job type #{#type} to #{#globalConcurrency} from the dashboard: #{#errorMessage}")
	public TypeControl limitGlobalConcurrency(Actor actor, String type, int globalConcurrency) {
		requireAdministrator(actor);
		return controls.limitGlobalConcurrency(type, globalConcurrency, actor.name());
	}

	@OperationLog(action = "DASHBOARD_JOB_TYPE_LIMIT_CONCURRENCY_RESET", target = "#type",
			success = "reset job type #{#type}'s attempts running across all instances to its configured limit from the dashboard",
			fail = "could not reset the global concurrency of job type #{#type} from the dashboard: #{#errorMessage}")
	public TypeControl resetGlobalConcurrency(Actor actor, String type) {
		requireAdministrator(actor);
		return controls.resetGlobalConcurrency(type, actor.name());
	}

	@OperationLog(action = "DASHBOARD_JOB_TYPE_LIMIT_RATE", target = "#type",
			success = "limited job type #{#type} to #{#rate} start(s) across all instances from the dashboard",
			fail = "could not limit the rate of job type #{#type} to #{#rate} from the dashboard: #{#errorMessage}")
	public TypeControl limitRate(Actor actor, String type, RateLimit rate) {
		requireAdministrator(actor);
		return controls.limitRate(type, rate, actor.name());
	}

	@OperationLog(action = "DASHBOARD_JOB_TYPE_LIMIT_RATE_RESET", target = "#type",
			success = "reset job type #{#type}'s starts per period to its configured limit from the dashboard",
			fail = "could not reset the rate limit of job type #{#type} from the dashboard: #{#errorMessage}")
	public TypeControl resetRateLimit(Actor actor, String type) {
		requireAdministrator(actor);
		return controls.resetRateLimit(type, actor.name());
	}

	private void requireAdministrator(Actor actor) {
		Actors.requireAdministrator(admin, actor, "pause, resume, scale and limit job types");
	}

}
