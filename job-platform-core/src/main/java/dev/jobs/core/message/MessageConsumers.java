package dev.jobs.core.message;

import java.util.concurrent.CountDownLatch;

import dev.jobs.core.delivery.JobTopology;
import dev.jobs.core.delivery.LifecyclePhases;
import dev.jobs.core.delivery.ListenerContainers;
import dev.jobs.core.job.JobTypeRegistry;
import dev.jobs.core.job.Payloads;
import dev.jobs.core.job.RegisteredJobType;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;
import org.springframework.context.SmartLifecycle;

/**
 * One batching listener container per message-delivery type, each consumer a {@link BatchConsumer};
 * see {@link MessageHandler}. Started and stopped with the job workers ({@link LifecyclePhases#CONSUMERS}).
 */
public class MessageConsumers implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(MessageConsumers.class);

	private final ListenerContainers containers = new ListenerContainers("message consumer for type");

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
			SimpleMessageListenerContainer container = ListenerContainers.newContainer(connectionFactory,
					topology.workQueue(type.name()), "jobs-messages-" + type.name(), type.settings().concurrency());
			container.setConsumerBatchEnabled(true);
			container.setBatchSize(Math.max(1, handler.messagesPerBatch()));
			container.setBatchReceiveTimeout(handler.batchTimeout().toMillis());
			container.setReceiveTimeout(Math.max(10, Math.min(1000, handler.batchTimeout().toMillis())));
			// A batch can only fill if the broker sends that many unacknowledged messages.
			container.setPrefetchCount(Math.max(type.settings().prefetch(), Math.max(1, handler.messagesPerBatch())));
			container.setMessageListener(new BatchConsumer<>(handler, payloads, topology, parking, () -> stopping, meters));
			containers.add(type.name(), container);
		}
	}

	@Override
	public void start() {
		stopping = false;
		containers.startAll();
		running = true;
		if (containers.size() > 0) {
			log.info("Consuming {} message-delivery queue(s)", containers.size());
		}
	}

	@Override
	public void stop() {
		stopping = true;
		CountDownLatch stopped = new CountDownLatch(1);
		containers.stopAll(stopped::countDown);
		try {
			stopped.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
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
		containers.stopAll(callback);
	}

	@Override
	public boolean isRunning() {
		return running;
	}

	@Override
	public int getPhase() {
		return LifecyclePhases.CONSUMERS;
	}

	/** Stops consuming one type's queue on this instance; for operators and tests. */
	public void stopConsuming(String type) {
		containers.stop(type);
	}

	/** Resumes consuming one type's queue on this instance. */
	public void startConsuming(String type) {
		containers.start(type);
	}

}
