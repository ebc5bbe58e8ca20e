package dev.jobs.core.delivery;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.jobs.core.TestHandlers;
import dev.jobs.core.JobHandler;
import dev.jobs.core.autoconfigure.JobTypeSettingsMapping;
import dev.jobs.core.autoconfigure.JobTypesProperties;
import dev.jobs.core.autoconfigure.JobsBrokerProperties;
import dev.jobs.core.autoconfigure.SettingsMapping;
import dev.jobs.core.job.JobTypeRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.amqp.core.Queue;

import static org.assertj.core.api.Assertions.assertThat;

class JobTopologyTest {

	private final JobTopology topology = new JobTopology(SettingsMapping.topology(new JobsBrokerProperties(), null));

	@Test
	void retryWaitsInTheNearestTier() {
		assertThat(tier(Duration.ofMillis(200))).isEqualTo("1s");
		assertThat(tier(Duration.ofMillis(1200))).isEqualTo("1s");
		assertThat(tier(Duration.ofSeconds(5))).isEqualTo("5s");
		assertThat(tier(Duration.ofMillis(5300))).isEqualTo("5s");
		assertThat(tier(Duration.ofSeconds(25))).isEqualTo("30s");
		assertThat(tier(Duration.ofSeconds(125))).isEqualTo("2m");
		assertThat(tier(Duration.ofMinutes(10))).isEqualTo("10m");
		assertThat(tier(Duration.ofMinutes(50))).isEqualTo("1h");
	}

	@Test
	void delayLongerThanEveryTierIsLeftToTheRelay() {
		assertThat(topology.tierFor(Duration.ofHours(3))).isEmpty();
	}

	@Test
	void eachTypeGetsAWorkQueueRetryTiersAndADeadLetterQueue() {
		JobTypeRegistry registry = new JobTypeRegistry(Map.of("exportBean", handler("EXPORT")), JobTypeSettingsMapping.source(new JobTypesProperties()));

		List<String> queues = topology.declarables(registry)
			.getDeclarablesByType(Queue.class)
			.stream()
			.map(Queue::getName)
			.toList();

		assertThat(queues).containsExactly("jobs.EXPORT", "jobs.EXPORT.retry.1s", "jobs.EXPORT.retry.5s",
				"jobs.EXPORT.retry.30s", "jobs.EXPORT.retry.2m", "jobs.EXPORT.retry.10m", "jobs.EXPORT.retry.1h",
				"jobs.EXPORT.dlq");
	}

	@Test
	void retryTiersDeadLetterBackToTheWorkQueueWithoutLosingMessages() {
		JobTypeRegistry registry = new JobTypeRegistry(Map.of("exportBean", handler("EXPORT")), JobTypeSettingsMapping.source(new JobTypesProperties()));

		Queue tier = topology.declarables(registry)
			.getDeclarablesByType(Queue.class)
			.stream()
			.filter(q -> q.getName().equals("jobs.EXPORT.retry.30s"))
			.findFirst()
			.orElseThrow();

		assertThat(tier.getArguments()).containsEntry("x-message-ttl", 30_000L)
			.containsEntry("x-dead-letter-exchange", "jobs")
			.containsEntry("x-dead-letter-routing-key", "EXPORT")
			.containsEntry("x-queue-type", "quorum")
			.containsEntry("x-dead-letter-strategy", "at-least-once")
			.containsEntry("x-overflow", "reject-publish");
	}

	private String tier(Duration delay) {
		return topology.tierFor(delay).orElseThrow().name();
	}

	static JobHandler<Object> handler(String type) {
		return TestHandlers.simple(type, Object.class, (payload, context) -> {
		});
	}

}
