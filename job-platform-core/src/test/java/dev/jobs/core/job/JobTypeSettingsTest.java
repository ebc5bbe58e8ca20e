package dev.jobs.core.job;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import dev.jobs.core.JobHandler;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The submit-roles rule every path that creates or revives a job asks. */
class JobTypeSettingsTest {

	@Test
	void aTypeWithoutSubmitRolesAllowsAnySubmitter() {
		assertThat(settings(List.of()).allowsSubmitter(false, role -> false)).isTrue();
	}

	@Test
	void aListedRoleAllowsItsHoldersOnly() {
		JobTypeSettings settings = settings(List.of("MANAGER"));
		assertThat(settings.allowsSubmitter(false, Set.of("MANAGER")::contains)).isTrue();
		assertThat(settings.allowsSubmitter(false, Set.of("USER")::contains)).isFalse();
		assertThat(settings.allowsSubmitter(true, Set.of("SUPER_ADMIN")::contains)).isFalse();
	}

	@Test
	void adminsStandsForTheAdministratorRoles() {
		JobTypeSettings settings = settings(List.of(JobHandler.ADMINS));
		assertThat(settings.allowsSubmitter(true, role -> false)).isTrue();
		assertThat(settings.allowsSubmitter(false, JobHandler.ADMINS::equals)).isFalse();
	}

	private static JobTypeSettings settings(List<String> submitRoles) {
		return new JobTypeSettings(1, 1, 1, Duration.ofSeconds(1), Duration.ZERO, 1.0, Duration.ZERO, Duration.ZERO,
				submitRoles, 0);
	}

}
