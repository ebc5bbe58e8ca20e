package dev.jobs.core.message;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import dev.jobs.core.delivery.JobTopology;
import dev.jobs.core.job.JobTypeRegistry;
import dev.jobs.core.job.Payloads;
import dev.jobs.core.job.RegisteredJobType;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.connection.CorrelationData;
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
		RegisteredJobType registered = registry.require(type);
		if (!(registered.handler() instanceof MessageHandler)) {
			throw new IllegalArgumentException("Job type " + type + " is not delivered as messages (its handler is not "
					+ "a MessageHandler); submit it with JobClient");
		}
		if (messages.isEmpty()) {
			return CompletableFuture.completedFuture(null);
		}
		List<CompletableFuture<Void>> confirms = new ArrayList<>(messages.size());
		try {
			template.invoke(operations -> {
				for (Outgoing outgoing : messages) {
					MessageProperties properties = new MessageProperties();
					properties.setMessageId(outgoing.messageId());
					properties.setContentType(MessageProperties.CONTENT_TYPE_JSON);
					properties.setContentEncoding("UTF-8");
					properties.setDeliveryMode(MessageDeliveryMode.PERSISTENT);
					properties.setHeader("x-job-type", type);
					byte[] body = payloads.toJson(outgoing.payload()).getBytes(StandardCharsets.UTF_8);
					CorrelationData correlation = new CorrelationData(outgoing.messageId());
					confirms.add(correlation.getFuture().thenAccept(confirm -> {
						if (!confirm.ack()) {
							throw new IllegalStateException("The broker refused message " + outgoing.messageId() + ": "
									+ confirm.reason());
						}
						if (correlation.getReturned() != null) {
							throw new IllegalStateException("The broker could not route message " + outgoing.messageId()
									+ " to a queue (" + correlation.getReturned().getReplyText() + ")");
						}
					}));
					operations.send(topology.exchange(), type, new Message(body, properties), correlation);
				}
				return null;
			});
		}
		catch (RuntimeException ex) {
			return CompletableFuture.failedFuture(ex);
		}
		return CompletableFuture.allOf(confirms.toArray(CompletableFuture[]::new));
	}

}
