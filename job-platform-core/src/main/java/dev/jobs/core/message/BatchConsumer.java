package dev.jobs.core.message;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import com.rabbitmq.client.Channel;
import dev.jobs.core.delivery.JobTopology;
import dev.jobs.core.job.Payloads;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.connection.CorrelationData;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.rabbit.listener.api.ChannelAwareBatchMessageListener;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * Consumes one message type's batches: binds each message (unpacking packed ones into their items),
 * de-duplicates ids within the batch, hands the batch to the handler, acks it; retries a transient failure in place (keeping the messages);
 * splits a batch that fails otherwise and parks only the messages that fail on their own.
 */
class BatchConsumer<P> implements ChannelAwareBatchMessageListener {

	private static final Logger log = LoggerFactory.getLogger(BatchConsumer.class);

	private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

	private static final Duration PARK_CONFIRM_TIMEOUT = Duration.ofSeconds(10);

	private final MessageHandler<P> handler;

	private final Payloads payloads;

	private final JobTopology topology;

	private final RabbitTemplate parking;

	private final BooleanSupplier stopping;

	private final Counter handled;

	private final Counter parked;

	/** A message to hand over; its message is built only when it has to be parked. */
	private record Item<P>(Supplier<Message> message, ReceivedMessage<P> received) {
	}

	BatchConsumer(MessageHandler<P> handler, Payloads payloads, JobTopology topology, RabbitTemplate parking,
			BooleanSupplier stopping, MeterRegistry meters) {
		this.handler = handler;
		this.payloads = payloads;
		this.topology = topology;
		this.parking = parking;
		this.stopping = stopping;
		this.handled = Counter.builder("jobs.messages.consumed")
			.description("Messages of message-delivery types handled, by outcome")
			.tag("type", handler.type())
			.tag("outcome", "handled")
			.register(meters);
		this.parked = Counter.builder("jobs.messages.consumed")
			.description("Messages of message-delivery types handled, by outcome")
			.tag("type", handler.type())
			.tag("outcome", "parked")
			.register(meters);
	}

	@Override
	public void onMessageBatch(List<Message> messages, Channel channel) {
		if (messages.isEmpty()) {
			return;
		}
		long lastTag = messages.get(messages.size() - 1).getMessageProperties().getDeliveryTag();
		try {
			List<Item<P>> items = new ArrayList<>(messages.size());
			Set<String> seen = new HashSet<>();
			for (Message message : messages) {
				MessageProperties properties = message.getMessageProperties();
				String id = properties.getMessageId();
				if (id == null || id.isBlank()) {
					park(message, "The message has no message id; senders must give every message one");
					continue;
				}
				if (properties.getHeader(MessageSender.PACKED_HEADER) != null) {
					unpack(message, seen, items);
					continue;
				}
				if (!seen.add(id)) {
					continue; // the same message twice in one batch: the second is a duplicate
				}
				try {
					P payload = payloads.bind(handler.type(), handler.payloadType(),
							payloads.readTree(new String(message.getBody(), StandardCharsets.UTF_8)));
					items.add(new Item<>(() -> message, new ReceivedMessage<>(id, payload,
							Boolean.TRUE.equals(properties.getRedelivered()))));
				}
				catch (RuntimeException ex) {
					park(message, "The payload cannot be read as " + handler.payloadType().getSimpleName() + ": "
							+ ex.getMessage());
				}
			}
			// Packed messages can bring many more items than the handler's batch size: hand them over in
			// batches of that size; the whole delivery is acked once all are handled.
			int size = Math.max(1, handler.batchSize());
			for (int from = 0; from < items.size(); from += size) {
				if (!deliver(items.subList(from, Math.min(items.size(), from + size)))) {
					channel.basicNack(lastTag, true, true);
					return;
				}
			}
			channel.basicAck(lastTag, true);
		}
		catch (RuntimeException ex) {
			log.warn("A batch of {} {} message(s) could not be settled ({}); returning it to the queue",
					messages.size(), handler.type(), ex.getMessage());
			try {
				channel.basicNack(lastTag, true, true);
			}
			catch (IOException | RuntimeException closed) {
				// the channel is gone: the broker redelivers the batch anyway
			}
		}
		catch (IOException ex) {
			// The channel is gone: the broker redelivers every unacknowledged message of the batch.
			log.warn("Could not acknowledge a batch of {} {} message(s): {}; the broker delivers them again",
					messages.size(), handler.type(), ex.getMessage());
		}
	}

	/**
	 * The items of a packed message (see {@link MessageSender#sendPacked}), each with its own id, as if
	 * each had come alone: a duplicate id is skipped, an item that cannot be read is parked alone as a
	 * message of its own (its id, its payload), the others go on. A body that is not a packed array is
	 * parked whole.
	 */
	private void unpack(Message message, Set<String> seen, List<Item<P>> items) {
		MessageProperties properties = message.getMessageProperties();
		String packedId = properties.getMessageId();
		boolean redelivered = Boolean.TRUE.equals(properties.getRedelivered());
		JsonNode array;
		try {
			array = payloads.readTree(new String(message.getBody(), StandardCharsets.UTF_8));
		}
		catch (RuntimeException ex) {
			park(message, "The packed message cannot be read as JSON: " + ex.getMessage());
			return;
		}
		if (array == null || !array.isArray()) {
			park(message, "A packed message (header " + MessageSender.PACKED_HEADER + ") must be a JSON array of "
					+ "{\"id\": ..., \"payload\": ...}");
			return;
		}
		int index = 0;
		for (JsonNode element : array) {
			index++;
			JsonNode idNode = element.get("id");
			String id = (idNode != null && idNode.isString() && !idNode.asString().isBlank()) ? idNode.asString() : null;
			JsonNode payloadNode = element.get("payload");
			if (id == null) {
				park(single(message, packedId + "#" + index, element),
						"Item " + index + " of packed message " + packedId + " has no id; senders must give every item one");
				continue;
			}
			if (!seen.add(id)) {
				continue;
			}
			Supplier<Message> alone = () -> single(message, id, payloadNode);
			try {
				P payload = payloads.bind(handler.type(), handler.payloadType(), payloadNode);
				items.add(new Item<>(alone, new ReceivedMessage<>(id, payload, redelivered)));
			}
			catch (RuntimeException ex) {
				park(alone.get(), "The payload cannot be read as " + handler.payloadType().getSimpleName() + ": "
						+ ex.getMessage());
			}
		}
	}

	/**
	 * One item of a packed message as a message of its own, so a parked item can be moved back to the
	 * work queue like any message; header {@code x-job-packed-in} names the message it came in.
	 */
	private Message single(Message packed, String id, JsonNode payload) {
		MessageProperties from = packed.getMessageProperties();
		MessageProperties properties = new MessageProperties();
		from.getHeaders().forEach((name, value) -> {
			if (!MessageSender.PACKED_HEADER.equals(name)) {
				properties.setHeader(name, value);
			}
		});
		properties.setHeader("x-job-packed-in", from.getMessageId());
		properties.setMessageId(id);
		properties.setContentType(MessageProperties.CONTENT_TYPE_JSON);
		properties.setContentEncoding("UTF-8");
		properties.setDeliveryMode(MessageDeliveryMode.PERSISTENT);
		String body = (payload != null) ? payloads.toJson(payload) : "null";
		return new Message(body.getBytes(StandardCharsets.UTF_8), properties);
	}

	/** @return false if the consumer is stopping before the batch was handled */
	private boolean deliver(List<Item<P>> items) {
		if (items.isEmpty()) {
			return true;
		}
		Exception failure = handleWithRetry(items);
		if (failure == STOPPED) {
			return false;
		}
		if (failure == null) {
			handled.increment(items.size());
			return true;
		}
		if (items.size() > 1) {
			log.warn("A batch of {} {} message(s) failed ({}); handling them one by one to find the bad ones",
					items.size(), handler.type(), failure.toString());
		}
		for (Item<P> item : items) {
			Exception single = (items.size() == 1) ? failure : handleWithRetry(List.of(item));
			if (single == STOPPED) {
				return false;
			}
			if (single == null) {
				handled.increment();
			}
			else {
				park(item.message().get(), single.getClass().getName() + ": " + single.getMessage());
			}
		}
		return true;
	}

	private static final Exception STOPPED = new Exception("stopping");

	/** @return null when handled; STOPPED; or the non-transient failure */
	private Exception handleWithRetry(List<Item<P>> items) {
		long backoff = 100;
		boolean warned = false;
		while (true) {
			try {
				handler.handleBatch(items.stream().map(Item::received).toList());
				if (warned) {
					log.info("{} batch handled again after a transient failure", handler.type());
				}
				return null;
			}
			catch (Exception ex) {
				if (!isTransient(ex)) {
					return ex;
				}
				if (!warned) {
					log.warn("{} batch of {} message(s) failed transiently ({}); retrying with backoff, the messages "
							+ "stay on the broker until it succeeds", handler.type(), items.size(), ex.getMessage());
					warned = true;
				}
			}
			if (stopping.getAsBoolean()) {
				return STOPPED;
			}
			try {
				TimeUnit.MILLISECONDS.sleep(backoff);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return STOPPED;
			}
			backoff = Math.min(backoff * 2, MAX_BACKOFF.toMillis());
		}
	}

	static boolean isTransient(Throwable ex) {
		for (Throwable t = ex; t != null; t = t.getCause()) {
			if (t instanceof TransientDataAccessException || t instanceof DataAccessResourceFailureException
					|| t instanceof RecoverableDataAccessException || t instanceof CannotCreateTransactionException
					|| t instanceof SQLTransientException || t instanceof SQLRecoverableException) {
				return true;
			}
			if (t.getCause() == t) {
				break;
			}
		}
		return false;
	}

	/**
	 * Publishes the message to the type's dead-letter queue with a confirm, so it is acked with the
	 * batch only once it is parked; if parking fails the exception leaves the batch unacked.
	 */
	private void park(Message message, String reason) {
		MessageProperties properties = message.getMessageProperties();
		properties.setHeader("x-job-error", (reason.length() > 1000) ? reason.substring(0, 1000) : reason);
		CorrelationData correlation = new CorrelationData(properties.getMessageId());
		parking.send(topology.deadLetterExchange(), handler.type(), message, correlation);
		try {
			var confirm = correlation.getFuture().get(PARK_CONFIRM_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
			if (!confirm.ack() || correlation.getReturned() != null) {
				throw new IllegalStateException("the broker did not take it");
			}
		}
		catch (Exception ex) {
			if (ex instanceof InterruptedException) {
				Thread.currentThread().interrupt();
			}
			throw new IllegalStateException("Could not park a bad " + handler.type() + " message in "
					+ topology.deadLetterQueue(handler.type()) + " (" + ex.getMessage() + "); it stays on the queue", ex);
		}
		parked.increment();
		log.error("Parked {} message {} in {}: {}. Fix the cause, then move it back to {} (e.g. with a shovel)",
				handler.type(), properties.getMessageId(), topology.deadLetterQueue(handler.type()), reason,
				topology.workQueue(handler.type()));
	}

}
