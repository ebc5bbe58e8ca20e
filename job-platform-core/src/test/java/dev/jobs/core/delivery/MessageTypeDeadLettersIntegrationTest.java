package dev.jobs.core.delivery;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

import dev.jobs.core.IntegrationTest;
import dev.jobs.core.TestHandlers;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Re-driving the dead letters of a type delivered as messages (no job rows): a parked message is the
 * only copy of its entry, so a re-drive hands it back to the type's handler rather than reading it as
 * a job message and dropping it.
 */
class MessageTypeDeadLettersIntegrationTest extends IntegrationTest {

	private static final String[] ADMIN = { "X-Test-User", "root", "X-Test-Roles", "SUPER_ADMIN" };

	@Autowired
	JobTopology topology;

	@Autowired
	ConnectionFactory connectionFactory;

	@Test
	void redriveOfAMessageTypeMovesParkedMessagesBackToItsHandlerInsteadOfDroppingThem() {
		String messageId = "parked-" + UUID.randomUUID();
		MessageProperties properties = new MessageProperties();
		properties.setMessageId(messageId);
		properties.setContentType(MessageProperties.CONTENT_TYPE_JSON);
		properties.setHeader("x-job-type", "MESSAGE_PROBE");
		properties.setHeader("x-job-error", "parked while its cause was being fixed");
		byte[] body = ("{\"key\":\"" + messageId + "\",\"poison\":false,\"transientFailures\":0}")
			.getBytes(StandardCharsets.UTF_8);
		RabbitTemplate rabbit = new RabbitTemplate(connectionFactory);
		rabbit.send(topology.deadLetterExchange(), "MESSAGE_PROBE", new Message(body, properties));

		var response = post("/api/job-types/MESSAGE_PROBE/dead-letters/redrive", "", ADMIN);

		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		assertThat(body(response).get("redriven").asInt()).isGreaterThanOrEqualTo(1);
		Awaitility.await()
			.atMost(Duration.ofSeconds(20))
			.until(() -> TestHandlers.MESSAGES_HANDLED.containsKey(messageId));
		assertThat(TestHandlers.MESSAGES_HANDLED.get(messageId).get()).isEqualTo(1);
	}

}
