package dev.jobs.core.message;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;

import dev.jobs.core.IntegrationTest;
import dev.jobs.core.TestHandlers;
import dev.jobs.core.TestHandlers.MessagePayload;
import dev.jobs.core.delivery.JobTopology;
import org.junit.jupiter.api.Test;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.fail;

/**
 * Message delivery (a type without a job row) against the real broker: batches by size and time, ids
 * kept, a transient failure retried in place, a poison message parked without its batch.
 */
class MessageDeliveryIntegrationTest extends IntegrationTest {

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	@Autowired
	MessageSender sender;

	@Autowired
	JobTopology topology;

	@Autowired
	ConnectionFactory connectionFactory;

	private static List<MessageSender.Outgoing> messages(int count, String run) {
		List<MessageSender.Outgoing> list = new ArrayList<>();
		IntStream.range(0, count)
			.forEach(i -> list.add(new MessageSender.Outgoing(run + "-" + i, new MessagePayload(run + "-" + i, false, 0))));
		return list;
	}

	private static void awaitHandled(Set<String> ids) {
		long deadline = System.nanoTime() + TIMEOUT.toNanos();
		while (!TestHandlers.MESSAGES_HANDLED.keySet().containsAll(ids)) {
			if (System.nanoTime() > deadline) {
				fail("Not all of %d messages were handled within %s", ids.size(), TIMEOUT);
			}
			sleep(50);
		}
	}

	private static Set<String> ids(List<MessageSender.Outgoing> messages) {
		Set<String> ids = new HashSet<>();
		messages.forEach(m -> ids.add(m.messageId()));
		return ids;
	}

	@Test
	void messagesArriveInBatchesOnceEachWithTheirIds() throws Exception {
		String run = UUID.randomUUID().toString();
		List<MessageSender.Outgoing> sent = messages(200, run);
		sender.send("MESSAGE_PROBE", sent).get();
		awaitHandled(ids(sent));
		sent.forEach(m -> assertThat(TestHandlers.MESSAGES_HANDLED.get(m.messageId()).get()).isEqualTo(1));
		assertThat(TestHandlers.MESSAGE_BATCH_SIZES).anyMatch(size -> size > 1);
		assertThat(TestHandlers.MESSAGE_BATCH_SIZES).allMatch(size -> size <= 50);
	}

	private void awaitQueueEmpty() {
		var admin = new org.springframework.amqp.rabbit.core.RabbitAdmin(connectionFactory);
		long deadline = System.nanoTime() + TIMEOUT.toNanos();
		while (admin.getQueueInfo(topology.workQueue("MESSAGE_PROBE")).getMessageCount() > 0) {
			if (System.nanoTime() > deadline) {
				fail("The MESSAGE_PROBE queue did not empty within %s", TIMEOUT);
			}
			sleep(50);
		}
	}

	@Test
	void transientFailureRetriesTheBatchInPlaceAndParksNothing() throws Exception {
		String run = UUID.randomUUID().toString();
		List<MessageSender.Outgoing> sent = new ArrayList<>(messages(5, run));
		String flaky = run + "-flaky";
		sent.add(new MessageSender.Outgoing(flaky, new MessagePayload(flaky, false, 3)));
		sender.send("MESSAGE_PROBE", sent).get();
		awaitHandled(ids(sent));
		sent.forEach(m -> assertThat(TestHandlers.MESSAGES_HANDLED.get(m.messageId()).get()).isEqualTo(1));
		awaitQueueEmpty();
		assertThat(parkedIds(Duration.ofMillis(500), null)).doesNotContainAnyElementsOf(ids(sent));
	}

	@Test
	void poisonMessageIsParkedAndTheRestOfItsBatchHandled() throws Exception {
		String run = UUID.randomUUID().toString();
		List<MessageSender.Outgoing> good = messages(9, run);
		String poison = run + "-poison";
		List<MessageSender.Outgoing> sent = new ArrayList<>(good);
		sent.add(4, new MessageSender.Outgoing(poison, new MessagePayload(poison, true, 0)));
		sender.send("MESSAGE_PROBE", sent).get();
		awaitHandled(ids(good));
		good.forEach(m -> assertThat(TestHandlers.MESSAGES_HANDLED.get(m.messageId()).get()).isEqualTo(1));
		assertThat(parkedIds(TIMEOUT, poison)).contains(poison);
		assertThat(TestHandlers.MESSAGES_HANDLED).doesNotContainKey(poison);
	}

	/** Drains the type's dead-letter queue, returning the ids found (our own among any others'). */
	private Set<String> parkedIds(Duration wait, String until) {
		RabbitTemplate rabbit = new RabbitTemplate(connectionFactory);
		Set<String> ids = new HashSet<>();
		long deadline = System.nanoTime() + wait.toNanos();
		while (System.nanoTime() < deadline) {
			Message message = rabbit.receive(topology.deadLetterQueue("MESSAGE_PROBE"), 100);
			if (message != null) {
				ids.add(message.getMessageProperties().getMessageId());
				assertThat((String) message.getMessageProperties().getHeader("x-job-error")).contains("poison");
				if (ids.contains(until)) {
					return ids;
				}
			}
		}
		return ids;
	}

	@Test
	void messageTypeIsNeverSubmittedAsAJob() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> jobs.submit("MESSAGE_PROBE", Map.of("key", "k")))
			.withMessageContaining("delivered as messages");
		var response = post("/api/jobs", "{\"type\":\"MESSAGE_PROBE\",\"payload\":{\"key\":\"k\"}}");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
		assertThat(jdbc.sql("SELECT count(*) FROM job WHERE type = 'MESSAGE_PROBE'").query(Integer.class).single())
			.isZero();
	}

	@Test
	void jobTypesAreNotSentAsMessagesAndMessageTypesHaveNoRetryTiers() {
		assertThatIllegalArgumentException().isThrownBy(() -> sender.send("RECORD", "id", Map.of("name", "x")))
			.withMessageContaining("not delivered as messages");
		assertThat(topology.tiers()).isNotEmpty();
		assertThat(queueExists(topology.retryQueue("MESSAGE_PROBE", topology.tiers().get(0)))).isFalse();
		assertThat(queueExists(topology.deadLetterQueue("MESSAGE_PROBE"))).isTrue();
	}

	private boolean queueExists(String queue) {
		return new org.springframework.amqp.rabbit.core.RabbitAdmin(connectionFactory).getQueueInfo(queue) != null;
	}

}
