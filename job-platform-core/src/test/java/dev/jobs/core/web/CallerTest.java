package dev.jobs.core.web;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CallerTest {

	@Test
	void requestWithoutAPrincipalIsRefusedNotTreatedAsAnAdministrator() {
		JobAccess access = new JobAccess(null, null, List.of("SUPER_ADMIN"), false);

		assertThatThrownBy(() -> access.isAdmin(new MockHttpServletRequest()))
			.isInstanceOf(UnauthenticatedException.class)
			.satisfies(ex -> assertThat(((UnauthenticatedException) ex).getStatusCode().value()).isEqualTo(401))
			.satisfies(ex -> assertThat(((UnauthenticatedException) ex).getBody().getDetail())
				.contains("jobs.api.allow-anonymous"));
	}

	@Test
	void requestWithoutAPrincipalIsAnUnrestrictedAnonymousCallerOnlyWhenExplicitlyAllowed() {
		JobAccess access = new JobAccess(null, null, List.of("SUPER_ADMIN"), true);

		Caller caller = access.caller(new MockHttpServletRequest());

		assertThat(caller.name()).isEqualTo("anonymous");
		assertThat(caller.admin()).isTrue();
	}

	@Test
	void authenticatedCallerIsAnAdministratorOnlyWithAnAdminRole() {
		JobAccess access = new JobAccess(null, null, List.of("SUPER_ADMIN"), false);
		MockHttpServletRequest user = new MockHttpServletRequest();
		user.setUserPrincipal(() -> "alice");
		user.addUserRole("USER");
		MockHttpServletRequest admin = new MockHttpServletRequest();
		admin.setUserPrincipal(() -> "root");
		admin.addUserRole("SUPER_ADMIN");

		assertThat(access.isAdmin(user)).isFalse();
		assertThat(access.isAdmin(admin)).isTrue();
	}

	@Test
	void readerSeesEveryJobButMayChangeNoneAndSubmitNothing() {
		JobAccess access = new JobAccess(null, null, List.of("SUPER_ADMIN"), List.of("AUDITOR"), false);
		MockHttpServletRequest auditor = new MockHttpServletRequest();
		auditor.setUserPrincipal(() -> "eve");
		auditor.addUserRole("AUDITOR");

		Caller caller = access.caller(auditor);

		assertThat(caller.admin()).isFalse();
		assertThat(caller.reader()).isTrue();
		assertThat(caller.seesAll()).isTrue();
		assertThatThrownBy(() -> access.requireMaySubmit("ANY", auditor)).isInstanceOf(ForbiddenException.class)
			.hasMessageContaining("may read jobs but not change them");
	}

}
