package dev.jobs.core.message;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import dev.jobs.core.delivery.JobTopology;
import dev.jobs.core.job.JobTypeRegistry;
import dev.jobs.core.job.Payloads;
import dev.jobs.core.job.RegisteredJobType;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.connection.CorrelationData;
import org.springframework.amqp.rabbit.core.RabbitOperations;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

/** Publishes message-delivery types to exchange {@code jobs}, routing key the type, with correlated confirms. */
class RabbitMessageSender implements MessageSender {

	private final RabbitTemplate template;

	private final JobTopology topology;

	private final JobTypeRegistry registry;

	private final Payloads payloads;

	RabbitMessageSender(RabbitTemplate template, JobTopology topology, JobTypeRegistry registry, Payloads payloads) {
		this.template = template;
		this.topology = topology;
		this.registry = registry;
		this.payloads = payloads;
	}

	@Override
	public CompletableFuture<Void> send(String type, List<Outgoing> messages) {
		requireMessageType(type);
		if (messages.isEmpty()) {
			return CompletableFuture.completedFuture(null);
		}
		List<CompletableFuture<Void>> confirms = new ArrayList<>(messages.size());
		try {
			template.invoke(operations -> {
				for (Outgoing outgoing : messages) {
					byte[] body = payloads.toJson(outgoing.payload()).getBytes(StandardCharsets.UTF_8);
					publish(operations, type, outgoing.messageId(), body, null, confirms);
				}
				return null;
			});
		}
		catch (RuntimeException ex) {
			return CompletableFuture.failedFuture(ex);
		}
		return CompletableFuture.allOf(confirms.toArray(CompletableFuture[]::new));
	}

	@Override
	public CompletableFuture<Void> sendPacked(String type, List<Outgoing> items) {
		requireMessageType(type);
		if (items.isEmpty()) {
			return CompletableFuture.completedFuture(null);
		}
		List<CompletableFuture<Void>> confirms = new ArrayList<>(1);
		try {
			List<Map<String, Object>> packed = new ArrayList<>(items.size());
			for (Outgoing item : items) {
				Map<String, Object> element = new LinkedHashMap<>(4);
				element.put("id", item.messageId());
				element.put("payload", item.payload());
				packed.add(element);
			}
			byte[] body = payloads.toJson(packed).getBytes(StandardCharsets.UTF_8);
			// The message's own id only names it in logs and the broker's UI; the items' ids de-duplicate.
			String id = items.get(0).messageId() + "+" + (items.size() - 1);
			template.invoke(operations -> {
				publish(operations, type, id, body, items.size(), confirms);
				return null;
			});
		}
		catch (RuntimeException ex) {
			return CompletableFuture.failedFuture(ex);
		}
		return confirms.get(0);
	}

	private void requireMessageType(String type) {
		RegisteredJobType registered = registry.require(type);
		if (!(registered.handler() instanceof MessageHandler)) {
			throw new IllegalArgumentException("Job type " + type + " is not delivered as messages (its handler is not "
					+ "a MessageHandler); submit it with JobClient");
		}
	}

	private void publish(RabbitOperations operations, String type, String messageId, byte[] body, Integer packed,
			List<CompletableFuture<Void>> confirms) {
		MessageProperties properties = new MessageProperties();
		properties.setMessageId(messageId);
		properties.setContentType(MessageProperties.CONTENT_TYPE_JSON);
		properties.setContentEncoding("UTF-8");
		properties.setDeliveryMode(MessageDeliveryMode.PERSISTENT);
		properties.setHeader("x-job-type", type);
		if (packed != null) {
			properties.setHeader(PACKED_HEADER, packed);
		}
		CorrelationData correlation = new CorrelationData(messageId);
		confirms.add(correlation.getFuture().thenAccept(confirm -> {
			if (!confirm.ack()) {
				throw new IllegalStateException("The broker refused message " + messageId + ": " + confirm.reason());
			}
			if (correlation.getReturned() != null) {
				throw new IllegalStateException("The broker could not route message " + messageId + " to a queue ("
						+ correlation.getReturned().getReplyText() + ")");
			}
		}));
		operations.send(topology.exchange(), type, new Message(body, properties), correlation);
	}

}
