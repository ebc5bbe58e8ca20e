package dev.jobs.core.delivery;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.amqp.core.AcknowledgeMode;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;

/**
 * One listener container per type, consuming that type's work queue with manual acknowledgements:
 * the job workers' ({@link Workers}) and the message consumers'. Started together, stopped together
 * in parallel, and stopped or resumed one type at a time by operators and tests.
 */
public final class ListenerContainers {

	private final String what;

	private final Map<String, SimpleMessageListenerContainer> byType = new LinkedHashMap<>();

	/** @param what what one container is, for errors ("worker for job type") */
	public ListenerContainers(String what) {
		this.what = what;
	}

	/**
	 * A container for one type's queue, not yet started, with what every container of the platform
	 * shares: manual acks (nothing is acknowledged before its outcome is committed), a missing queue
	 * is not fatal (it is declared by whoever starts first), started only by its owner.
	 */
	public static SimpleMessageListenerContainer newContainer(ConnectionFactory connectionFactory, String queue,
			String listenerId, int concurrency) {
		SimpleMessageListenerContainer container = new SimpleMessageListenerContainer(connectionFactory);
		container.setQueueNames(queue);
		container.setAcknowledgeMode(AcknowledgeMode.MANUAL);
		container.setConcurrentConsumers(concurrency);
		container.setMissingQueuesFatal(false);
		container.setBeanName(listenerId);
		container.setListenerId(listenerId);
		container.setAutoStartup(false);
		return container;
	}

	/** Adds a configured container for {@code type}, and initialises it. */
	public void add(String type, SimpleMessageListenerContainer container) {
		container.afterPropertiesSet();
		byType.put(type, container);
	}

	public int size() {
		return byType.size();
	}

	/** Consumers running now per type: 0 for a type whose container is stopped. */
	public Map<String, Integer> activeConsumers() {
		Map<String, Integer> counts = new LinkedHashMap<>();
		byType.forEach((type, container) -> counts.put(type,
				container.isRunning() ? container.getActiveConsumerCount() : 0));
		return counts;
	}

	public void startAll() {
		startAll(type -> false);
	}

	/** Starts every container but those of the types {@code left} names (paused by an operator). */
	public void startAll(java.util.function.Predicate<String> left) {
		byType.forEach((type, container) -> {
			if (!left.test(type)) {
				container.start();
			}
		});
	}

	/**
	 * Stops one type's container off the caller's thread: its consumers are cancelled at once, and the
	 * deliveries they are handling finish (as {@link #stopAll} does for all).
	 */
	public void stopAsync(String type, Runnable whenStopped) {
		container(type).stop(whenStopped);
	}

	/** Whether a type's consumers run. */
	public boolean isRunning(String type) {
		return container(type).isRunning();
	}

	/** Changes a type's consumers while it runs: the container adds or retires consumers. */
	public void setConcurrency(String type, int consumers) {
		container(type).setConcurrentConsumers(consumers);
	}

	/**
	 * Stops every container in parallel, off the caller's thread: a container's stop cancels its
	 * consumers and then waits for the delivery each is handling, and the caller must stay free
	 * meanwhile (to drain and hand back running jobs, or to let the others of its phase stop).
	 * @param whenStopped run once every container has stopped
	 */
	public void stopAll(Runnable whenStopped) {
		if (byType.isEmpty()) {
			whenStopped.run();
			return;
		}
		AtomicInteger left = new AtomicInteger(byType.size());
		for (SimpleMessageListenerContainer container : byType.values()) {
			Thread stopper = new Thread(() -> {
				try {
					container.stop();
				}
				finally {
					if (left.decrementAndGet() == 0) {
						whenStopped.run();
					}
				}
			}, "jobs-stop-" + container.getListenerId());
			stopper.setDaemon(true);
			stopper.start();
		}
	}

	/** Stops consuming one type's queue (what it is handling finishes). */
	public void stop(String type) {
		container(type).stop();
	}

	/** Resumes consuming one type's queue. */
	public void start(String type) {
		container(type).start();
	}

	private SimpleMessageListenerContainer container(String type) {
		SimpleMessageListenerContainer container = byType.get(type);
		if (container == null) {
			throw new IllegalArgumentException("No " + what + " " + type);
		}
		return container;
	}

}
