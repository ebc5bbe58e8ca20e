package dev.jobs.dashboard;

import dev.jobs.core.JobAdmin;
import dev.jobs.core.JobAdmin.Actor;
import dev.jobs.core.NotPermittedException;
import dev.jobs.core.operationlog.OperationLog;
import dev.jobs.core.schedule.Schedule;
import dev.jobs.core.schedule.Schedules;

/**
 * Every change the dashboard makes to a schedule: pause, resume, edit, run now, delete. Each is an
 * {@link OperationLog} entry and each asks the same questions as {@code /api/schedules}: an administrator acts
 * ({@link JobAdmin#access}), and "run now" and an edit also need the type's submit roles
 * ({@link JobAdmin#maySubmit}), as creating its jobs over the API does. The service is the API's.
 *
 * <p>A Spring bean, so that the operation log's advice proxies it; no method calls another.
 */
public class ScheduleActions {

	private final Schedules schedules;

	private final JobAdmin admin;

	public ScheduleActions(Schedules schedules, JobAdmin admin) {
		this.schedules = schedules;
		this.admin = admin;
	}

	@OperationLog(action = "DASHBOARD_SCHEDULE_PAUSE", target = "#id", success = "paused schedule #{#id} from the dashboard",
			fail = "could not pause schedule #{#id} from the dashboard: #{#errorMessage}")
	public Schedule pause(Actor actor, String id) {
		requireAdministrator(actor);
		return schedules.pause(id);
	}

	@OperationLog(action = "DASHBOARD_SCHEDULE_RESUME", target = "#id",
			success = "resumed schedule #{#id} from the dashboard, next at #{#result.nextFireAt().toString()}",
			fail = "could not resume schedule #{#id} from the dashboard: #{#errorMessage}")
	public Schedule resume(Actor actor, String id) {
		requireAdministrator(actor);
		return schedules.resume(id);
	}

	@OperationLog(action = "DASHBOARD_SCHEDULE_UPDATE", target = "#id",
			success = "changed schedule #{#id} from the dashboard: next at #{#result.nextFireAt().toString()}",
			fail = "could not change schedule #{#id} from the dashboard: #{#errorMessage}")
	public Schedule update(Actor actor, String id, Schedules.NewSchedule change) {
		requireAdministrator(actor);
		requireMaySubmit(actor, schedules.find(id).type());
		return schedules.update(id, change);
	}

	@OperationLog(action = "DASHBOARD_SCHEDULE_RUN_NOW", target = "#id",
			success = "ran schedule #{#id} now from the dashboard: job #{#result.jobId()}"
					+ "#{#result.replayed() ? ' (the same click again: no second job)' : ''}",
			fail = "could not run schedule #{#id} now from the dashboard: #{#errorMessage}")
	public Schedules.RunNow runNow(Actor actor, String id, String key) {
		requireAdministrator(actor);
		requireMaySubmit(actor, schedules.find(id).type());
		return schedules.runNow(id, key);
	}

	@OperationLog(action = "DASHBOARD_SCHEDULE_DELETE", target = "#id", success = "deleted schedule #{#id} from the dashboard",
			fail = "could not delete schedule #{#id} from the dashboard: #{#errorMessage}")
	public void delete(Actor actor, String id) {
		requireAdministrator(actor);
		schedules.delete(id);
	}

	private void requireAdministrator(Actor actor) {
		Actors.requireAdministrator(admin, actor, "manage schedules");
	}

	private void requireMaySubmit(Actor actor, String type) {
		if (!admin.maySubmit(actor, type)) {
			throw new NotPermittedException("Your roles may not submit " + type + " jobs, so you may not change "
					+ "or run a schedule that submits them.");
		}
	}

}
