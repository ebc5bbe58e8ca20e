package dev.jobs.core.message;

import java.util.ArrayList;
import java.util.List;

import dev.jobs.core.delivery.JobTopology;
import dev.jobs.core.job.JobTypeRegistry;
import dev.jobs.core.job.Payloads;
import dev.jobs.core.job.RegisteredJobType;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.amqp.core.AcknowledgeMode;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;
import org.springframework.context.SmartLifecycle;

/** One batching listener container per message-delivery type; see {@link MessageHandler}. */
public class MessageConsumers implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(MessageConsumers.class);

	private final List<SimpleMessageListenerContainer> containers = new ArrayList<>();

	private volatile boolean stopping;

	private volatile boolean running;

	MessageConsumers(JobTypeRegistry registry, Payloads payloads, JobTopology topology,
			ConnectionFactory connectionFactory, RabbitTemplate parking, MeterRegistry meters) {
		for (RegisteredJobType type : registry.all()) {
			if (!type.messageDelivery()) {
				continue;
			}
			if (!(type.handler() instanceof MessageHandler<?> handler)) {
				throw new IllegalStateException("Job type " + type.name() + " (bean " + type.beanName()
						+ ") says it is delivered as messages, but its handler is not a MessageHandler: implement "
						+ "MessageHandler, or keep JobHandler.deliveredAsMessages() false");
			}
			SimpleMessageListenerContainer container = new SimpleMessageListenerContainer(connectionFactory);
			container.setQueueNames(topology.workQueue(type.name()));
			container.setAcknowledgeMode(AcknowledgeMode.MANUAL);
			container.setConsumerBatchEnabled(true);
			container.setBatchSize(Math.max(1, handler.messagesPerBatch()));
			container.setBatchReceiveTimeout(handler.batchTimeout().toMillis());
			container.setReceiveTimeout(Math.max(10, Math.min(1000, handler.batchTimeout().toMillis())));
			// A batch can only fill if the broker sends that many unacknowledged messages.
			container.setPrefetchCount(Math.max(type.settings().prefetch(), Math.max(1, handler.messagesPerBatch())));
			container.setConcurrentConsumers(type.settings().concurrency());
			container.setMessageListener(new BatchConsumer<>(handler, payloads, topology, parking, () -> stopping, meters));
			container.setMissingQueuesFatal(false);
			container.setListenerId("jobs-messages-" + type.name());
			container.setBeanName("jobs-messages-" + type.name());
			container.setAutoStartup(false);
			container.afterPropertiesSet();
			containers.add(container);
		}
	}

	@Override
	public void start() {
		stopping = false;
		containers.forEach(SimpleMessageListenerContainer::start);
		running = true;
		if (!containers.isEmpty()) {
			log.info("Consuming {} message-delivery queue(s)", containers.size());
		}
	}

	@Override
	public void stop() {
		stopping = true;
		containers.forEach(SimpleMessageListenerContainer::stop);
		running = false;
	}

	/**
	 * Stops the containers in parallel, off the caller's thread: a container's stop waits for its
	 * consumers, and the job workers in the same shutdown phase must not wait behind it to hand their
	 * running jobs back.
	 */
	@Override
	public void stop(Runnable callback) {
		stopping = true;
		running = false;
		if (containers.isEmpty()) {
			callback.run();
			return;
		}
		java.util.concurrent.atomic.AtomicInteger left = new java.util.concurrent.atomic.AtomicInteger(
				containers.size());
		for (SimpleMessageListenerContainer container : containers) {
			Thread stopper = new Thread(() -> {
				try {
					container.stop();
				}
				finally {
					if (left.decrementAndGet() == 0) {
						callback.run();
					}
				}
			}, "jobs-stop-" + container.getListenerId());
			stopper.setDaemon(true);
			stopper.start();
		}
	}

	@Override
	public boolean isRunning() {
		return running;
	}

	/** With the job workers: after everything they need has started, stopped before it. */
	@Override
	public int getPhase() {
		return Integer.MAX_VALUE - 1000;
	}

	/** Stops consuming one type's queue on this instance; for operators and tests. */
	public void stopConsuming(String type) {
		container(type).stop();
	}

	/** Resumes consuming one type's queue on this instance. */
	public void startConsuming(String type) {
		container(type).start();
	}

	private SimpleMessageListenerContainer container(String type) {
		return containers.stream()
			.filter(c -> c.getListenerId().equals("jobs-messages-" + type))
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException("No message consumer for type " + type));
	}

}
