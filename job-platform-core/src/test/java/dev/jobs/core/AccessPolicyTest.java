package dev.jobs.core;

import java.util.List;
import java.util.Set;

import dev.jobs.core.JobAdmin.Access;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AccessPolicyTest {

	private final AccessPolicy policy = new AccessPolicy(List.of("SUPER_ADMIN"), List.of("AUDITOR"));

	@Test
	void administratorsActReadersReadEveryoneElseNeither() {
		assertThat(policy.access(Set.of("SUPER_ADMIN")::contains)).isEqualTo(Access.ACT);
		assertThat(policy.access(Set.of("AUDITOR")::contains)).isEqualTo(Access.READ);
		assertThat(policy.access(Set.of("USER")::contains)).isEqualTo(Access.NONE);
		assertThat(policy.access(Set.of()::contains)).isEqualTo(Access.NONE);
	}

	@Test
	void anAdministratorRoleWinsOverAReaderRole() {
		assertThat(policy.access(Set.of("AUDITOR", "SUPER_ADMIN")::contains)).isEqualTo(Access.ACT);
	}

	@Test
	void ownersSeeTheirOwnAdministratorsAndReadersSeeAll() {
		assertThat(policy.maySee("alice", "alice", Set.of("USER")::contains)).isTrue();
		assertThat(policy.maySee("alice", "bob", Set.of("USER")::contains)).isFalse();
		assertThat(policy.maySee("alice", "eve", Set.of("AUDITOR")::contains)).isTrue();
		assertThat(policy.maySee("alice", "root", Set.of("SUPER_ADMIN")::contains)).isTrue();
		assertThat(policy.maySee(null, "bob", Set.of("USER")::contains)).isFalse();
	}

	@Test
	void aRecordNobodyChangesHasReadersOnly() {
		AccessPolicy log = AccessPolicy.readersOnly(List.of("SUPER_ADMIN", "AUDITOR"));

		assertThat(log.access(Set.of("SUPER_ADMIN")::contains)).isEqualTo(Access.READ);
		assertThat(log.access(Set.of("AUDITOR")::contains)).isEqualTo(Access.READ);
		assertThat(log.access(Set.of("ADMIN")::contains)).isEqualTo(Access.NONE);
		assertThat(log.isAdminRole("SUPER_ADMIN")).isFalse();
	}

}
