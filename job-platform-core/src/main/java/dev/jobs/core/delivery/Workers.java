package dev.jobs.core.delivery;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.jobs.core.job.FailurePolicy.Ending;
import dev.jobs.core.job.JobMetrics;
import dev.jobs.core.job.JobStore;
import dev.jobs.core.job.JobTypeRegistry;
import dev.jobs.core.job.Payloads;
import dev.jobs.core.job.RegisteredJobType;
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

/**
 * This instance's workers: one listener container per job type, and one watch thread
 * ({@link WorkerWatch}) that renews leases, enforces timeouts and stops handlers whose lease is gone;
 * and a graceful shutdown.
 *
 * <p>Timeouts are enforced, not advisory: at the type's timeout the handler is interrupted; a
 * handler that ignores the interrupt (a blocked socket or JDBC call) keeps its attempt for
 * {@code jobs.worker.timeout-grace} more, then the attempt is recorded {@code TIMED_OUT}, its lease
 * is no longer renewed and the job moves on. A cancel request the handler ignored does not stop a
 * later timeout or shutdown from acting.
 *
 * <p>Shutdown: deliveries are returned unclaimed from the first moment; running jobs may finish
 * within the drain timeout; the rest are interrupted and handed back to the outbox so another
 * instance runs them, even if their handlers never return.
 */
public class Workers implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(Workers.class);

	private static final Duration HAND_BACK_WAIT = Duration.ofSeconds(5);

	private static final Duration BATCH_RECEIVE_TIMEOUT = Duration.ofMillis(10);

	private final List<SimpleMessageListenerContainer> containers = new ArrayList<>();

	private final RunningJobs running = new RunningJobs();


	private final AttemptRecorder recorder;

	private final String workerId;

	private final Duration drainTimeout;

	/** Leases, timeouts, abandoned handlers and overdue successes; run on {@link #watch}. */
	private final WorkerWatch watcher;

	private ScheduledExecutorService watch;

	private final ApplicationEventPublisher events;

	private volatile boolean stopping;

	private volatile boolean started;

	Workers(JobTypeRegistry registry, JobStore store, AttemptRecorder recorder, Payloads payloads, JobTopology topology,
			ConnectionFactory connectionFactory, RabbitAdmin admin, DeliverySettings settings, JobMetrics metrics,
			ApplicationEventPublisher events) {
		this.recorder = recorder;
		this.events = events;
		this.workerId = settings.workerId();
		this.drainTimeout = settings.drainTimeout();
		Duration lease = settings.lease();
		BatchLedger ledger = new BatchLedger(store, workerId, lease);
		this.watcher = new WorkerWatch(running, ledger, store, recorder, settings);
		JobClaims claims = new JobClaims(store, registry, payloads, running, workerId, lease);
		for (RegisteredJobType type : registry.all()) {
			if (type.messageDelivery()) {
				continue; // consumed in batches by dev.jobs.core.message.MessageConsumers
			}
			JobWorker worker = new JobWorker(type, claims, recorder, ledger, metrics, () -> stopping, topology);
			SimpleMessageListenerContainer container = new SimpleMessageListenerContainer(connectionFactory);
			container.setQueueNames(topology.workQueue(type.name()));
			container.setAcknowledgeMode(AcknowledgeMode.MANUAL);
			container.setPrefetchCount(type.settings().prefetch());
			container.setConcurrentConsumers(type.settings().concurrency());
			container.setMessageListener(worker);
			if (type.settings().prefetch() > 1) {
				// The deliveries a consumer holds are claimed, recorded and acknowledged together. A batch
				// is whatever arrived: it closes when no further message comes within the receive timeout.
				container.setConsumerBatchEnabled(true);
				container.setDeBatchingEnabled(true);
				container.setBatchSize(type.settings().prefetch());
				container.setReceiveTimeout(BATCH_RECEIVE_TIMEOUT.toMillis());
				container.setBatchReceiveTimeout(BATCH_RECEIVE_TIMEOUT.toMillis());
			}
			container.setMissingQueuesFatal(false);
			container.setAmqpAdmin(admin);
			// Longer than our own drain, so channels stay open for the acks of handed-back jobs.
			container.setShutdownTimeout(drainTimeout.plus(HAND_BACK_WAIT).plusSeconds(15).toMillis());
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
		watch = Executors.newSingleThreadScheduledExecutor(new CustomizableThreadFactory("jobs-worker-watch-"));
		long tick = watcher.tickInterval().toMillis();
		watch.scheduleWithFixedDelay(watcher::tick, tick, tick, TimeUnit.MILLISECONDS);
		long flush = WorkerWatch.FLUSH_AFTER.toMillis();
		watch.scheduleWithFixedDelay(watcher::flushOverdueSuccesses, flush, flush, TimeUnit.MILLISECONDS);
		long marks = StartMarks.WRITE_EVERY.toMillis();
		watch.scheduleWithFixedDelay(watcher::writeStartMarks, marks, marks, TimeUnit.MILLISECONDS);
		containers.forEach(SimpleMessageListenerContainer::start);
		started = true;
		log.info("Worker {} consuming {} job queue(s)", workerId, containers.size());
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
			waitUntilIdle(HAND_BACK_WAIT);
		}
		for (RunningJob run : running.all()) {
			// Handlers that ignore their interrupt: hand their jobs back without them.
			if (run.finish()) {
				try {
					recorder.abandon(run, Ending.SHUTDOWN,
							"The instance shut down before the attempt ended; the handler did not stop when asked");
				}
				catch (RuntimeException ex) {
					log.warn("Could not hand back job {}: {}; its lease runs out and another instance takes it",
							run.jobId(), ex.getMessage());
				}
				running.remove(run);
			}
		}
		watch.shutdownNow();
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
