package dev.jobs.core.delivery;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.jobs.core.JobClient;
import dev.jobs.core.autoconfigure.JobsProperties;
import dev.jobs.core.job.JobStateMachine;
import dev.jobs.core.job.JobTypeRegistry;
import dev.jobs.core.job.MessageDispatcher;
import dev.jobs.core.job.Payloads;
import dev.jobs.core.job.RegisteredJobType;
import dev.jobs.core.metrics.JobMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.amqp.core.AcknowledgeMode;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * This instance's workers: one listener container per job type, the lease heartbeat and the
 * timeout watchdog, and a graceful shutdown.
 *
 * <p>Shutdown: stop taking new messages, let running jobs finish within the drain timeout, then
 * ask the rest to stop and hand them back to the outbox so another instance runs them.
 */
public class Workers implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(Workers.class);

	private final List<SimpleMessageListenerContainer> containers = new ArrayList<>();

	private final RunningJobs running = new RunningJobs();

	private final JobStateMachine stateMachine;

	private final String workerId;

	private final Duration lease;

	private final Duration heartbeatInterval;

	private final Duration drainTimeout;

	private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(1,
			new CustomizableThreadFactory("jobs-worker-watch-"));

	private final ApplicationEventPublisher events;

	private volatile boolean stopping;

	private volatile boolean started;

	public Workers(JobTypeRegistry registry, JobStateMachine stateMachine, Payloads payloads,
			MessageDispatcher dispatcher, JobTopology topology, JobClient client, TransactionTemplate transaction,
			ConnectionFactory connectionFactory, RabbitAdmin admin, JobsProperties properties, String workerId,
			JobMetrics metrics, ApplicationEventPublisher events) {
		this.stateMachine = stateMachine;
		this.events = events;
		this.workerId = workerId;
		this.lease = properties.getLease().getDuration();
		this.heartbeatInterval = properties.getLease().getHeartbeatInterval();
		this.drainTimeout = properties.getWorker().getDrainTimeout();
		for (RegisteredJobType type : registry.all()) {
			JobWorker worker = new JobWorker(type, stateMachine, registry, payloads, dispatcher, topology, client,
					transaction, running, scheduler, () -> stopping, workerId, lease, metrics);
			SimpleMessageListenerContainer container = new SimpleMessageListenerContainer(connectionFactory);
			container.setQueueNames(topology.workQueue(type.name()));
			container.setAcknowledgeMode(AcknowledgeMode.MANUAL);
			container.setPrefetchCount(type.settings().prefetch());
			container.setConcurrentConsumers(type.settings().concurrency());
			container.setMessageListener(worker);
			container.setMissingQueuesFatal(false);
			container.setAmqpAdmin(admin);
			// Longer than our own drain, so channels stay open for the acks of handed-back jobs.
			container.setShutdownTimeout(drainTimeout.plusSeconds(15).toMillis());
			container.setBeanName("jobs-" + type.name());
			container.setListenerId("jobs-" + type.name());
			container.setAutoStartup(false);
			container.afterPropertiesSet();
			containers.add(container);
		}
	}

	@Override
	public void start() {
		stopping = false;
		containers.forEach(SimpleMessageListenerContainer::start);
		scheduler.scheduleWithFixedDelay(this::heartbeat, heartbeatInterval.toMillis(), heartbeatInterval.toMillis(),
				TimeUnit.MILLISECONDS);
		started = true;
		log.info("Worker {} consuming {} job queue(s)", workerId, containers.size());
	}

	/** Renews the leases of all running attempts in one statement and passes on cancellations. */
	void heartbeat() {
		try {
			if (running.isEmpty()) {
				return;
			}
			Set<UUID> cancelled = stateMachine.renewLeases(workerId, running.attempts(), lease);
			for (UUID id : cancelled) {
				RunningJob job = running.get(id);
				if (job != null) {
					job.stop(RunningJob.StopReason.CANCELLED);
				}
			}
		}
		catch (RuntimeException ex) {
			log.warn("Could not renew the leases of {} running job(s): {}. If this lasts longer than {}, "
					+ "other instances will take them over", running.size(), ex.getMessage(), lease);
		}
	}

	@Override
	public void stop() {
		stopping = true;
		// Tell the load balancer first: readiness goes down before anything else stops.
		AvailabilityChangeEvent.publish(events, this, ReadinessState.REFUSING_TRAFFIC);
		log.info("Worker {} shutting down: no new jobs; waiting up to {} for {} running job(s)", workerId, drainTimeout,
				running.size());
		CountDownLatch stopped = new CountDownLatch(containers.size());
		// A container's stop cancels its consumers, then blocks until their current message is
		// done: run those in parallel and keep this thread free to drain and hand back.
		containers.forEach(c -> {
			Thread stopper = new Thread(() -> c.stop(stopped::countDown), "jobs-stop-" + c.getListenerId());
			stopper.setDaemon(true);
			stopper.start();
		});
		waitUntilIdle(drainTimeout);
		if (!running.isEmpty()) {
			log.warn("Handing back {} job(s) still running after {}", running.size(), drainTimeout);
			running.all().forEach(job -> job.stop(RunningJob.StopReason.SHUTDOWN));
			waitUntilIdle(Duration.ofSeconds(10));
		}
		heartbeat();
		scheduler.shutdownNow();
		try {
			stopped.await(5, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		started = false;
	}

	private void waitUntilIdle(Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!running.isEmpty() && System.nanoTime() < deadline) {
			try {
				Thread.sleep(50);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

	@Override
	public boolean isRunning() {
		return started;
	}

	/** Start after everything else, stop before everything else (the publisher, the database). */
	@Override
	public int getPhase() {
		return Integer.MAX_VALUE - 1000;
	}

	public boolean isStopping() {
		return stopping;
	}

	public int runningCount() {
		return running.size();
	}

	/** Attempts of one type running on this instance. */
	public int runningCount(String type) {
		return (int) running.all().stream().filter(job -> job.type().equals(type)).count();
	}

	/** Stops consuming one type's queue on this instance (running jobs finish); for operators and tests. */
	public void stopConsuming(String type) {
		container(type).stop();
	}

	/** Resumes consuming one type's queue on this instance. */
	public void startConsuming(String type) {
		container(type).start();
	}

	private SimpleMessageListenerContainer container(String type) {
		return containers.stream()
			.filter(c -> c.getListenerId().equals("jobs-" + type))
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException("No worker for job type " + type));
	}

	public String workerId() {
		return workerId;
	}

}
