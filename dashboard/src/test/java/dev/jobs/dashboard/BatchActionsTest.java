package dev.jobs.dashboard;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.jobs.core.Batches;
import dev.jobs.core.JobAdmin;
import dev.jobs.core.NotPermittedException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The dashboard's retry of a batch's failed members asks what the REST API's retry asks: an administrator who may
 * still submit every type it would start again.
 */
class BatchActionsTest {

	private static final UUID BATCH = UUID.fromString("00000000-0000-0000-0000-0000000000bb");

	private final List<String> calls = new ArrayList<>();

	@Test
	void aRetryOfFailedMembersOfATypeTheAdministratorMayNotSubmitIsRefusedAndChangesNothing() {
		BatchActions actions = new BatchActions(batches(Set.of("PAYROLL")), admin(type -> !type.equals("PAYROLL")));

		assertThatThrownBy(() -> actions.retryFailed(new JobAdmin.Actor("root", role -> true), BATCH))
			.isInstanceOf(NotPermittedException.class)
			.hasMessageContaining("PAYROLL");
		assertThat(calls).containsExactly("retryableTypes").doesNotContain("retryFailed");
	}

	@Test
	void aRetryOfFailedMembersOfTypesTheAdministratorMaySubmitGoesAhead() {
		BatchActions actions = new BatchActions(batches(Set.of("REPORT")), admin(type -> true));

		actions.retryFailed(new JobAdmin.Actor("root", role -> true), BATCH);

		assertThat(calls).containsExactly("retryableTypes", "retryFailed");
	}

	private Batches batches(Set<String> retryableTypes) {
		return (Batches) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { Batches.class },
				(proxy, method, args) -> {
					calls.add(method.getName());
					return switch (method.getName()) {
						case "retryableTypes" -> retryableTypes;
						case "retryFailed" -> new Batches.Retried(null, 1);
						default -> throw new UnsupportedOperationException(method.getName());
					};
				});
	}

	private static JobAdmin admin(java.util.function.Predicate<String> maySubmit) {
		return (JobAdmin) Proxy.newProxyInstance(BatchActionsTest.class.getClassLoader(), new Class<?>[] { JobAdmin.class },
				(proxy, method, args) -> switch (method.getName()) {
					case "access" -> JobAdmin.Access.ACT;
					case "maySubmit" -> maySubmit.test((String) args[1]);
					default -> throw new UnsupportedOperationException(method.getName());
				});
	}

}
