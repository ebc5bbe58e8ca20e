package dev.jobs.app.security;

import java.util.Optional;

import dev.jobs.core.job.JobTypeRegistry;
import dev.jobs.core.schedule.Schedule;
import dev.jobs.core.schedule.ScheduleFiringCheck;
import dev.jobs.core.web.ApiSettings;

import org.springframework.stereotype.Component;

/**
 * A schedule made over the API fires with its creator's rights as they are at each firing: the
 * creator must still be an active user, still an administrator ({@code jobs.api.admin-roles}, who
 * alone manage schedules) and still allowed to submit the schedule's type
 * ({@code jobs.types.<TYPE>.submit-roles}). Otherwise the firing submits nothing and the schedule
 * shows why. Schedules from configuration are the operator's and fire as configured.
 */
@Component
class ScheduleCreatorCheck implements ScheduleFiringCheck {

	private final AppUsers users;

	private final JobTypeRegistry registry;

	private final ApiSettings api;

	ScheduleCreatorCheck(AppUsers users, JobTypeRegistry registry, ApiSettings api) {
		this.users = users;
		this.registry = registry;
		this.api = api;
	}

	@Override
	public Optional<String> refusal(Schedule schedule) {
		if ("CONFIG".equals(schedule.source())) {
			return Optional.empty();
		}
		String name = schedule.createdBy();
		Optional<AppUsers.AppUser> creator = users.find(name);
		if (creator.isEmpty()) {
			return Optional.of("its creator " + name + " no longer exists; an administrator may recreate the schedule");
		}
		if (!"ACTIVE".equals(creator.get().status())) {
			return Optional.of("its creator " + name + " is disabled; an administrator may recreate the schedule");
		}
		String role = creator.get().role().name();
		boolean admin = api.adminRoles().contains(role);
		if (!admin) {
			return Optional.of("its creator " + name + " (now " + role + ") may no longer manage schedules "
					+ "(jobs.api.admin-roles " + api.adminRoles() + ")");
		}
		return registry.find(schedule.type())
			.filter(type -> !type.settings().allowsSubmitter(admin, role::equals))
			.map(type -> "its creator " + name + " (" + role + ") may no longer submit " + schedule.type()
					+ " (jobs.types." + schedule.type() + ".submit-roles)");
	}

}
