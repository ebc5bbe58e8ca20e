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
import static org.awaitility.Awaitility.await;

/**
 * Message delivery (a type without a job row) against the real broker: batches by size and time, ids
 * kept, a transient failure retried in place, a poison message parked without its batch.
 */
class MessageDeliveryIntegrationTest extends IntegrationTest {

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	private static final Duration POLL = Duration.ofMillis(50);

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
		await("all of " + ids.size() + " messages handled").atMost(TIMEOUT)
			.pollInterval(POLL)
			.until(() -> TestHandlers.MESSAGES_HANDLED.keySet().containsAll(ids));
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
		await("the MESSAGE_PROBE queue empty").atMost(TIMEOUT)
			.pollInterval(POLL)
			.until(() -> admin.getQueueInfo(topology.workQueue("MESSAGE_PROBE")).getMessageCount() == 0);
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

	/**
	 * Drains the type's dead-letter queue, returning the ids found (our own among any others'): until {@code until}
	 * is among them or {@code wait} passed; with no {@code until}, for the whole of {@code wait}, so that what
	 * should not be parked has had that long to show.
	 */
	private Set<String> parkedIds(Duration wait, String until) {
		// Each read is the template's blocking receive on the test's own thread (pollInSameThread), as in a loop.
		RabbitTemplate rabbit = new RabbitTemplate(connectionFactory);
		Set<String> ids = java.util.concurrent.ConcurrentHashMap.newKeySet();
		java.util.concurrent.Callable<Boolean> seen = () -> {
			Message message = rabbit.receive(topology.deadLetterQueue("MESSAGE_PROBE"), 100);
			if (message != null) {
				ids.add(message.getMessageProperties().getMessageId());
				assertThat((String) message.getMessageProperties().getHeader("x-job-error")).contains("poison");
			}
			return until != null && ids.contains(until);
		};
		try {
			if (until == null) {
				await("the dead-letter queue watched for " + wait).during(wait)
					.atMost(wait.plus(TIMEOUT))
					.pollInterval(POLL)
					.pollInSameThread()
					.until(() -> !seen.call());
			}
			else {
				await(until + " parked").atMost(wait).pollInterval(POLL).pollInSameThread().until(seen);
			}
		}
		catch (org.awaitility.core.ConditionTimeoutException ex) {
			// the ids found say what was parked; the test's assertion on them says what was wanted
		}
		return ids;
	}

	@Test
	void packedMessageIsHandedOverItemByItemInBatchesOfTheHandlersSize() throws Exception {
		String run = UUID.randomUUID().toString();
		List<MessageSender.Outgoing> sent = messages(120, run);
		int batchesBefore = TestHandlers.MESSAGE_BATCH_SIZES.size();
		sender.sendPacked("MESSAGE_PROBE", sent).get();
		awaitHandled(ids(sent));
		sent.forEach(m -> assertThat(TestHandlers.MESSAGES_HANDLED.get(m.messageId()).get()).isEqualTo(1));
		List<Integer> batches = TestHandlers.MESSAGE_BATCH_SIZES.subList(batchesBefore,
				TestHandlers.MESSAGE_BATCH_SIZES.size());
		assertThat(batches).as("120 items, handler batch size 50").hasSizeGreaterThanOrEqualTo(3);
		assertThat(TestHandlers.MESSAGE_BATCH_SIZES).allMatch(size -> size <= 50);
	}

	@Test
	void packedMessageWithAPoisonItemAndAnUnreadableItemParksOnlyThoseTwo() throws Exception {
		String run = UUID.randomUUID().toString();
		List<MessageSender.Outgoing> good = messages(9, run);
		String poison = run + "-poison";
		String unreadable = run + "-unreadable-poison";
		List<MessageSender.Outgoing> sent = new ArrayList<>(good);
		sent.add(3, new MessageSender.Outgoing(poison, new MessagePayload(poison, true, 0)));
		sent.add(7, new MessageSender.Outgoing(unreadable, Map.of("key", "", "poison", false)));
		sender.sendPacked("MESSAGE_PROBE", sent).get();
		awaitHandled(ids(good));
		good.forEach(m -> assertThat(TestHandlers.MESSAGES_HANDLED.get(m.messageId()).get()).isEqualTo(1));
		Map<String, Message> parked = drainParked(Set.of(poison, unreadable));
		assertThat(parked).containsOnlyKeys(poison, unreadable);
		assertThat(TestHandlers.MESSAGES_HANDLED).doesNotContainKeys(poison, unreadable);
		// Each parked item is a message of its own, with its own id and payload: it can be moved back to
		// the work queue and handled like any message.
		Message parkedPoison = parked.get(poison);
		assertThat(parkedPoison.getMessageProperties().getHeaders()).doesNotContainKey(MessageSender.PACKED_HEADER);
		assertThat((String) parkedPoison.getMessageProperties().getHeader("x-job-packed-in")).startsWith(run + "-0+");
		assertThat(new String(parkedPoison.getBody(), java.nio.charset.StandardCharsets.UTF_8))
			.contains("\"key\":\"" + poison + "\"");
		assertThat((String) parked.get(unreadable).getMessageProperties().getHeader("x-job-error"))
			.contains("cannot be read as MessagePayload").contains("key");
	}

	@Test
	void packedMessageDeliveredAgainHandsOverTheSameItemIds() throws Exception {
		String run = UUID.randomUUID().toString();
		List<MessageSender.Outgoing> sent = messages(30, run);
		sender.sendPacked("MESSAGE_PROBE", sent).get();
		awaitHandled(ids(sent));
		sender.sendPacked("MESSAGE_PROBE", sent).get(); // a re-send after a lost confirm
		await("the re-sent items arrived again under their own ids").atMost(TIMEOUT)
			.pollInterval(POLL)
			.until(() -> sent.stream().allMatch(m -> TestHandlers.MESSAGES_HANDLED.get(m.messageId()).get() == 2));
		// The handler sees each item's own id both times, which is what its idempotent write keys on.
		assertThat(TestHandlers.MESSAGES_HANDLED.keySet()).containsAll(ids(sent));
	}

	/** Drains the type's dead-letter queue until every id in {@code expected} was seen; only ours are kept. */
	private Map<String, Message> drainParked(Set<String> expected) {
		RabbitTemplate rabbit = new RabbitTemplate(connectionFactory);
		Map<String, Message> found = new java.util.concurrent.ConcurrentHashMap<>();
		try {
			await("every expected id parked").atMost(TIMEOUT).pollInterval(POLL).pollInSameThread().until(() -> {
				Message message = rabbit.receive(topology.deadLetterQueue("MESSAGE_PROBE"), 100);
				if (message != null
						&& expected.stream().anyMatch(id -> id.equals(message.getMessageProperties().getMessageId()))) {
					found.put(message.getMessageProperties().getMessageId(), message);
				}
				return found.keySet().containsAll(expected);
			});
		}
		catch (org.awaitility.core.ConditionTimeoutException ex) {
			// the test's assertion on what was found says what is missing
		}
		// Anything else of this run parked by mistake would show here.
		Message extra;
		String run = expected.iterator().next().substring(0, 36);
		while ((extra = rabbit.receive(topology.deadLetterQueue("MESSAGE_PROBE"), 300)) != null) {
			if (extra.getMessageProperties().getMessageId().startsWith(run)) {
				found.put(extra.getMessageProperties().getMessageId(), extra);
			}
		}
		return found;
	}

	@Test
	void messageTypeIsNeverSubmittedAsAJob() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> jobs.submit("MESSAGE_PROBE", Map.of("key", "k")))
			.withMessageContaining("delivered as messages");
		var response = post("/api/jobs", "{\"type\":\"MESSAGE_PROBE\",\"payload\":{\"key\":\"k\"}}");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
		assertThat(jdbc.sql("SELECT count(*) FROM {jobs}.job WHERE type = 'MESSAGE_PROBE'").query(Integer.class).single())
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
