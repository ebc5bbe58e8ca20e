package dev.jobs.core;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import dev.jobs.core.TestHandlers.RecordPayload;
import dev.jobs.testapp.TestApplication;
import org.junit.jupiter.api.Test;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The engine's statements never queue behind handlers: with every connection of the application's
 * pool held by long handlers, heartbeats still renew their leases, and no live job is reaped.
 */
class EnginePoolIntegrationTest extends IntegrationTest {

	@Test
	void handlersHoldingEveryApplicationConnectionDoNotCostTheirLeases() {
		// Two connections in the application's pool, both held by HOG handlers for 6 s: twice the 3 s lease.
		ConfigurableApplicationContext busy = new SpringApplicationBuilder(TestApplication.class, TestHandlers.class)
			.web(WebApplicationType.NONE)
			.profiles("test")
			.run(
					// A throwaway instance: classic queues and one retry tier keep the shared broker light.
					"--jobs.broker.queue-type=CLASSIC", "--jobs.broker.retry-tiers=1s", "--jobs.broker.prefix=" + brokerPrefix() + "-busy", "--jobs.worker.id=busy-instance",
					"--spring.datasource.hikari.maximum-pool-size=2", "--spring.datasource.hikari.connection-timeout=30000",
					"--jobs.types.HOG.concurrency=2", "--jobs.relay.enabled=false");
		try {
			JobClient client = busy.getBean(JobClient.class);
			List<UUID> ids = List.of(client.submit("HOG", new RecordPayload("first", 6000)).id(),
					client.submit("HOG", new RecordPayload("second", 6000)).id());

			for (UUID id : ids) {
				JobView done = awaitStatus(id, JobStatus.SUCCEEDED, Duration.ofSeconds(30));
				assertThat(done.attempt()).as("job %s kept its lease", id).isEqualTo(1);
				assertThat(attempts(id)).extracting(JobAttemptView::outcome).containsExactly("SUCCEEDED");
				assertThat(TestHandlers.executions(id)).isEqualTo(1);
			}
		}
		finally {
			busy.close();
		}
	}

	private static String brokerPrefix() {
		String prefix = System.getenv("JOBS_TEST_BROKER_PREFIX");
		return (prefix != null && !prefix.isBlank()) ? prefix : "jobs-test";
	}

}
