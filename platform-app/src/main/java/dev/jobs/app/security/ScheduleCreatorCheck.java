package dev.jobs.app.security;

import java.util.Optional;

import dev.jobs.core.JobPermissions;
import dev.jobs.core.ScheduleFiringCheck;

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

	private final JobPermissions permissions;

	ScheduleCreatorCheck(AppUsers users, JobPermissions permissions) {
		this.users = users;
		this.permissions = permissions;
	}

	@Override
	public Optional<String> refusal(ScheduleFiring firing) {
		if (firing.fromConfiguration()) {
			return Optional.empty();
		}
		String name = firing.createdBy();
		Optional<AppUsers.AppUser> creator = users.find(name);
		if (creator.isEmpty()) {
			return Optional.of("its creator " + name + " no longer exists; an administrator may recreate the schedule");
		}
		if (!"ACTIVE".equals(creator.get().status())) {
			return Optional.of("its creator " + name + " is disabled; an administrator may recreate the schedule");
		}
		String role = creator.get().role().name();
		if (!permissions.isAdminRole(role)) {
			return Optional.of("its creator " + name + " (now " + role + ") may no longer manage schedules "
					+ "(jobs.api.admin-roles)");
		}
		if (!permissions.roleMaySubmit(role, firing.type())) {
			return Optional.of("its creator " + name + " (" + role + ") may no longer submit " + firing.type()
					+ " (jobs.types." + firing.type() + ".submit-roles)");
		}
		return Optional.empty();
	}

}
