package dev.jobs.app.dashboard;

import java.net.http.HttpResponse;
import java.util.Map;

import dev.jobs.app.IntegrationTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard and a type delivered as messages without job rows ({@code OPERATION_LOG}): its parked
 * messages are entries, not failed jobs, and it has no retry queues, so its pages must not say so.
 */
class DashboardMessageTypeIntegrationTest extends IntegrationTest {

	@Test
	void deadLettersOfAMessageTypeAreShownAsParkedMessagesThatARedriveMovesBack() {
		FormSession admin = new FormSession(port).signIn(Account.ADMIN.username(), Account.ADMIN.password());

		String page = admin.get("/dashboard/dead-letters?type=OPERATION_LOG").body();

		assertThat(page).contains("id=\"parked-messages\"")
			.contains("Move every parked OPERATION_LOG message back to its work queue?")
			.doesNotContain("Retry every parked OPERATION_LOG job")
			.doesNotContain("id=\"parked\"");

		HttpResponse<String> redrive = admin.post("/dashboard/dead-letters/OPERATION_LOG/redrive",
				Map.of("_csrf", admin.csrfFrom("/dashboard/dead-letters?type=OPERATION_LOG")));
		assertThat(redrive.statusCode()).isEqualTo(302);
		assertThat(admin.get("/dashboard/dead-letters?type=OPERATION_LOG").body())
			.contains("parked message(s) moved back to the work queue")
			.doesNotContain("job(s) retried");
	}

	@Test
	void jobTypesPageListsNoRetryQueuesForAMessageType() {
		FormSession admin = new FormSession(port).signIn(Account.ADMIN.username(), Account.ADMIN.password());

		String page = admin.get("/dashboard/types").body();

		assertThat(page).contains("OPERATION_LOG.dlq")
			.doesNotContain("OPERATION_LOG.retry.")
			.contains("SLEEP.retry.");
	}

}
