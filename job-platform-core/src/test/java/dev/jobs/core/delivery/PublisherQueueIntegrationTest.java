package dev.jobs.core.delivery;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.jobs.core.IntegrationTest;
import dev.jobs.core.JobStatus;
import dev.jobs.core.TestHandlers;
import dev.jobs.core.job.JobMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A burst larger than the publisher's queue ({@code jobs.publisher.queue-capacity}): what fits is published at once,
 * the rest stays {@code PENDING} without a message until the outbox relay publishes it, every job runs once, and
 * the operator is told once which setting to raise.
 */
@ExtendWith(OutputCaptureExtension.class)
class PublisherQueueIntegrationTest extends IntegrationTest {

	@Autowired
	DeliveryConfiguration.PublisherConnection connection;

	@Autowired
	JobTopology topology;

	@Autowired
	DispatchMarks marks;

	private JobPublisher small;

	@AfterEach
	void stopPublisher() {
		if (small != null) {
			small.stop();
		}
	}

	@Test
	void jobsBeyondAFullQueueArePublishedByTheRelayAndEachRunsOnce(CapturedOutput output) {
		RabbitTemplate template = new RabbitTemplate(connection.factory());
		template.setMandatory(true);
		small = new JobPublisher(template, topology, marks, Duration.ofSeconds(10), 3, Duration.ofMillis(20));
		small.start();
		List<UUID> ids = new ArrayList<>();
		List<JobMessage> messages = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			UUID id = insertJob("RECORD", "PENDING", 0, 3, null, "now()", "null");
			ids.add(id);
			messages.add(new JobMessage(id, "RECORD", 0, 0));
		}

		small.dispatchAfterCommit(messages); // no transaction: handed over at once; 3 fit, 7 are left to the relay

		for (UUID id : ids) {
			assertThat(awaitStatus(id, JobStatus.SUCCEEDED, Duration.ofSeconds(30)).attempt()).isEqualTo(1);
			assertThat(TestHandlers.executions(id)).as("job %s ran once", id).isEqualTo(1);
		}
		assertThat(output.getOut() + output.getErr())
			.containsOnlyOnce("The publisher's queue is full (3 messages waiting): 7 new job(s) will be published by "
					+ "the outbox relay")
			.contains("raise jobs.publisher.queue-capacity");
	}

}
