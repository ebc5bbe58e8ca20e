package dev.jobs.core.delivery;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import dev.jobs.core.job.AfterCommit;
import dev.jobs.core.job.JobMessage;
import dev.jobs.core.job.JobTracing;
import dev.jobs.core.job.MessageDispatcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.amqp.AmqpException;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.connection.CorrelationData;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * Publishes job messages with publisher confirms and mandatory returns.
 *
 * <p>After-commit publishing runs on a small executor so that a request never waits on the
 * broker: if the broker is slow or down, the submission has already committed and answered, and
 * the outbox relay publishes the job later. A message counts as delivered only when the broker
 * acks it <em>and</em> did not return it as unroutable.
 *
 * <p>Confirms are written to the job rows in batches ({@link DispatchMarks}) every
 * {@code jobs.publisher.mark-interval}. The publisher stops last ({@link LifecyclePhases#PUBLISHING}):
 * the last publishes of the workers and the relay are sent, and their confirms recorded.
 */
class JobPublisher implements MessageDispatcher, SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(JobPublisher.class);

	private final RabbitTemplate template;

	private final JobTopology topology;

	private final DispatchMarks marks;

	private final Duration confirmTimeout;

	/**
	 * Replaced by {@link #start()} after a {@link #stop()}: a context can be stopped and started again (Spring's
	 * test framework pauses cached contexts), and a publisher that stayed shut down would drop every after-commit
	 * publish, dead letters included, which the relay does not send again.
	 */
	private volatile ExecutorService executor;

	private final int queueCapacity;

	private final AtomicLong sequence = new AtomicLong();

	private final PeriodicTask confirmMarks;

	/** Each publish is a span in its job's trace, from the send to the broker's answer. */
	private final JobTracing tracing;

	JobPublisher(RabbitTemplate template, JobTopology topology, DispatchMarks marks, Duration confirmTimeout,
			int queueCapacity, Duration markInterval) {
		this(template, topology, marks, confirmTimeout, queueCapacity, markInterval, JobTracing.NONE);
	}

	JobPublisher(RabbitTemplate template, JobTopology topology, DispatchMarks marks, Duration confirmTimeout,
			int queueCapacity, Duration markInterval, JobTracing tracing) {
		this.tracing = tracing;
		this.confirmMarks = new PeriodicTask("confirm-marks", markInterval, marks::flush);
		this.template = template;
		this.topology = topology;
		this.marks = marks;
		this.confirmTimeout = confirmTimeout;
		this.newJobs = new LinkedBlockingQueue<>(queueCapacity);
		this.queueCapacity = queueCapacity;
		this.executor = newExecutor(queueCapacity);
	}

	private static ExecutorService newExecutor(int queueCapacity) {
		return new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(queueCapacity),
				new CustomizableThreadFactory("jobs-publisher-"), new ThreadPoolExecutor.AbortPolicy());
	}

	/**
	 * New jobs' messages wait here for the publisher thread, which takes all that have gathered and
	 * publishes them on one channel: concurrent submissions share a channel checkout and a stream of
	 * confirms instead of paying for each on its own. Bounded like the executor's queue: when full,
	 * the outbox relay publishes the rest.
	 */
	private final LinkedBlockingQueue<JobMessage> newJobs;

	private final AtomicBoolean drainScheduled = new AtomicBoolean();

	/** The queue was full since it was last empty: the next overflow is not logged again. */
	private final AtomicBoolean overflowing = new AtomicBoolean();

	private static final int MAX_PUBLISH_BATCH = 500;

	@Override
	public void dispatchAfterCommit(List<JobMessage> messages) {
		AfterCommit.run(() -> {
			int handed = 0;
			for (JobMessage message : messages) {
				if (!newJobs.offer(message)) {
					overflowed(messages.size() - handed);
					break;
				}
				handed++;
			}
			scheduleDrain();
		});
	}

	/**
	 * Said once per episode (until the queue has room again): the jobs left out wait for the relay, which takes
	 * them only once they are {@code jobs.relay.min-age} old, so a burst larger than the queue is that much later.
	 */
	private void overflowed(int left) {
		if (overflowing.compareAndSet(false, true)) {
			log.warn("The publisher's queue is full ({} messages waiting): {} new job(s) will be published by the outbox "
					+ "relay once they are jobs.relay.min-age old. If bursts this large are normal, raise "
					+ "jobs.publisher.queue-capacity", queueCapacity, left);
		}
	}

	private void scheduleDrain() {
		if (drainScheduled.compareAndSet(false, true)) {
			try {
				executor.execute(this::drainNewJobs);
			}
			catch (RejectedExecutionException ex) {
				drainScheduled.set(false);
				log.debug("Publisher queue full or stopped; the outbox relay will publish later");
			}
		}
	}

	private void drainNewJobs() {
		// Cleared first: a message offered from now on schedules another round.
		drainScheduled.set(false);
		List<JobMessage> batch = new ArrayList<>();
		newJobs.drainTo(batch, MAX_PUBLISH_BATCH);
		if (batch.isEmpty()) {
			return;
		}
		if (newJobs.isEmpty()) {
			overflowing.set(false);
		}
		try {
			template.invoke(operations -> {
				for (JobMessage m : batch) {
					publish(m, topology.exchange(), m.type(), null, "after-commit").thenAccept(ok -> markIfConfirmed(m, ok));
				}
				return null;
			});
		}
		catch (AmqpException ex) {
			// publish() never throws; the channel could not be had: the relay publishes them later.
			log.debug("Could not publish {} new job(s): {}", batch.size(), ex.getMessage());
		}
		if (!newJobs.isEmpty()) {
			scheduleDrain();
		}
	}

	@Override
	public void dispatchRetryAfterCommit(JobMessage message, Duration delay) {
		Optional<JobTopology.Tier> tier = topology.tierFor(delay);
		if (tier.isEmpty()) {
			// Longer than the longest tier: the relay publishes it straight to work when it is due.
			return;
		}
		afterCommit(() -> publish(message, topology.retryExchange(), topology.retryRoutingKey(message.type(), tier.get()),
				null, "retry")
			.thenAccept(ok -> markIfConfirmed(message, ok)));
	}

	@Override
	public void deadLetterAfterCommit(JobMessage message, String error) {
		afterCommit(() -> publish(message, topology.deadLetterExchange(), message.type(), error, "dead-letter").thenAccept(result -> {
			if (result != PublishResult.CONFIRMED) {
				log.warn("Job {} failed for good but could not be parked in {}; it is FAILED in the database all the same",
						message.jobId(), topology.deadLetterQueue(message.type()));
			}
		}));
	}

	private void markIfConfirmed(JobMessage message, PublishResult result) {
		if (result == PublishResult.CONFIRMED) {
			marks.add(message);
		}
	}

	private void afterCommit(Runnable publish) {
		AfterCommit.run(() -> {
			try {
				executor.execute(publish);
			}
			catch (RejectedExecutionException ex) {
				log.debug("Publisher queue full or stopped; the outbox relay will publish later");
			}
		});
	}

	/** What became of one publish. */
	enum PublishResult {

		/** The broker acked it and routed it to a queue: it is the broker's responsibility now. */
		CONFIRMED,
		/** The broker acked it but no queue is bound for its routing key. */
		RETURNED,
		/** The broker refused it (nack). */
		REFUSED,
		/** No connection, or no confirm in time: the broker's state is unknown. */
		UNKNOWN

	}

	/**
	 * Publishes one message and completes with what the broker did with it. Never throws.
	 */
	CompletableFuture<PublishResult> publish(JobMessage jobMessage, String exchange, String routingKey, String error) {
		return publish(jobMessage, exchange, routingKey, error, "relay");
	}

	/** As {@link #publish(JobMessage, String, String, String)}; {@code kind} names the span (the relay's or not). */
	CompletableFuture<PublishResult> publish(JobMessage jobMessage, String exchange, String routingKey, String error,
			String kind) {
		if (!tracing.enabled()) {
			return send(jobMessage, exchange, routingKey, error);
		}
		JobTracing.Traced traced = tracing.publishing(jobMessage, kind);
		return send(jobMessage, exchange, routingKey, error).whenComplete((result, ex) -> {
			traced.tag("jobs.publish.result", String.valueOf(result).toLowerCase(java.util.Locale.ROOT));
			traced.close();
		});
	}

	private CompletableFuture<PublishResult> send(JobMessage jobMessage, String exchange, String routingKey,
			String error) {
		Message message = JobMessageCodec.encode(jobMessage);
		if (error != null) {
			message.getMessageProperties().setHeader(JobMessageCodec.ERROR_HEADER, truncate(error));
		}
		CorrelationData correlation = new CorrelationData(
				message.getMessageProperties().getMessageId() + "#" + sequence.incrementAndGet());
		try {
			template.send(exchange, routingKey, message, correlation);
		}
		catch (AmqpException ex) {
			log.debug("Could not publish job {} to {}/{}: {}", jobMessage.jobId(), exchange, routingKey, ex.getMessage());
			return CompletableFuture.completedFuture(PublishResult.UNKNOWN);
		}
		return correlation.getFuture().orTimeout(confirmTimeout.toMillis(), TimeUnit.MILLISECONDS).handle((confirm, ex) -> {
			if (ex != null) {
				log.warn("No confirm from the broker for job {} within {}; the outbox relay will publish it again",
						jobMessage.jobId(), confirmTimeout);
				return PublishResult.UNKNOWN;
			}
			if (!confirm.ack()) {
				log.warn("The broker refused job {} ({}); the outbox relay will publish it again", jobMessage.jobId(),
						confirm.reason());
				return PublishResult.REFUSED;
			}
			if (correlation.getReturned() != null) {
				log.warn("Job {} was returned as unroutable by {}/{} ({}): is its queue declared? "
						+ "The outbox relay tries again, backing off", jobMessage.jobId(), exchange, routingKey,
						correlation.getReturned().getReplyText());
				return PublishResult.RETURNED;
			}
			return PublishResult.CONFIRMED;
		});
	}

	/** Writes the confirms collected so far to the job rows. */
	void recordConfirms() {
		marks.flush();
	}

	@Override
	public synchronized void start() {
		if (executor.isShutdown()) {
			executor = newExecutor(queueCapacity);
		}
		confirmMarks.start();
	}

	/** Lets the publisher thread finish what was handed to it, and records every confirm. */
	@Override
	public synchronized void stop() {
		confirmMarks.stop();
		marks.flush();
		shutdown();
		marks.flush();
	}

	@Override
	public boolean isRunning() {
		return confirmMarks.isRunning();
	}

	@Override
	public int getPhase() {
		return LifecyclePhases.PUBLISHING;
	}

	private void shutdown() {
		executor.shutdown();
		try {
			executor.awaitTermination(5, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static String truncate(String value) {
		return (value.length() > 1000) ? value.substring(0, 1000) : value;
	}

}
