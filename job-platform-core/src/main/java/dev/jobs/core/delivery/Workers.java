package dev.jobs.core.delivery;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.jobs.core.job.RegisteredJobType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;

/**
 * This instance's workers: one listener container per job type, each consumer a {@link JobWorker};
 * the {@link WorkerWatch} beside them (heartbeat, timeouts); and their graceful shutdown
 * ({@link WorkerShutdown}). Started last and stopped first ({@link LifecyclePhases#CONSUMERS}).
 *
 * <p>Shutdown: readiness goes down first; deliveries are returned unclaimed from that moment; running
 * jobs may finish within the drain timeout, with their leases still renewed by the watch; the rest are
 * interrupted and handed back to the outbox so another instance runs them.
 */
public class Workers implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(Workers.class);

	private static final Duration BATCH_RECEIVE_TIMEOUT = Duration.ofMillis(10);

	private static final Duration CONTAINERS_STOPPED_WAIT = Duration.ofSeconds(5);

	private final ListenerContainers containers;

	private final WorkerWatch watch;

	private final WorkerShutdown shutdown;

	private final RunningJobs running;

	private final String workerId;

	private final ApplicationEventPublisher events;

	private volatile boolean started;

	/** Types an operator paused (TypeControlWatcher): not started, stopped while they run. */
	private final Set<String> paused;

	/** Paused types whose consumers are still stopping (finishing the deliveries they handle). */
	private final Set<String> stopping = ConcurrentHashMap.newKeySet();

	/** Which types' claims are limited across the cluster; shared with the workers. */
	private final ClaimLimits limits;

	Workers(ListenerContainers containers, WorkerWatch watch, WorkerShutdown shutdown, RunningJobs running,
			String workerId, ApplicationEventPublisher events, ClaimLimits limits) {
		this.limits = limits;
		this.paused = limits.pausedTypes();
		this.containers = containers;
		this.watch = watch;
		this.shutdown = shutdown;
		this.running = running;
		this.workerId = workerId;
		this.events = events;
	}

	/**
	 * The listener container of one job type, its consumers {@code worker}: {@code prefetch} deliveries
	 * per consumer, taken as one batch when more than one.
	 */
	static SimpleMessageListenerContainer container(RegisteredJobType type, JobWorker worker, JobTopology topology,
			ConnectionFactory connectionFactory, RabbitAdmin admin, Duration drainTimeout) {
		SimpleMessageListenerContainer container = ListenerContainers.newContainer(connectionFactory,
				topology.workQueue(type.name()), "jobs-" + type.name(), type.settings().concurrency());
		container.setPrefetchCount(type.settings().prefetch());
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
		container.setAmqpAdmin(admin);
		// Longer than our own drain, so channels stay open for the acks of handed-back jobs.
		container.setShutdownTimeout(drainTimeout.plus(WorkerShutdown.HAND_BACK_WAIT).plusSeconds(15).toMillis());
		return container;
	}

	@Override
	public void start() {
		shutdown.reset();
		watch.start();
		containers.startAll(paused::contains);
		started = true;
		log.info("Worker {} consuming {} job queue(s)", workerId, containers.size());
	}

	@Override
	public void stop() {
		shutdown.begin();
		// Tell the load balancer first: readiness goes down before anything else stops.
		AvailabilityChangeEvent.publish(events, this, ReadinessState.REFUSING_TRAFFIC);
		log.info("Worker {} shutting down: no new jobs; waiting up to {} for {} running job(s)", workerId,
				shutdown.drainTimeout(), running.size());
		CountDownLatch stopped = new CountDownLatch(1);
		containers.stopAll(stopped::countDown);
		shutdown.drainAndHandBack();
		watch.stop();
		try {
			stopped.await(CONTAINERS_STOPPED_WAIT.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		started = false;
	}

	@Override
	public boolean isRunning() {
		return started;
	}

	@Override
	public int getPhase() {
		return LifecyclePhases.CONSUMERS;
	}

	public boolean isStopping() {
		return shutdown.isStopping();
	}

	public int runningCount() {
		return running.size();
	}

	/** Attempts of one type running on this instance. */
	public int runningCount(String type) {
		return (int) running.all().stream().filter(job -> job.type().equals(type)).count();
	}

	/** Consumers per type running on this instance now. */
	public Map<String, Integer> consumersByType() {
		return containers.activeConsumers();
	}

	/** Attempts per type running on this instance now (types with none left out). */
	public Map<String, Integer> runningByType() {
		Map<String, Integer> counts = new TreeMap<>();
		running.all().forEach(job -> counts.merge(job.type(), 1, Integer::sum));
		return counts;
	}

	/**
	 * Stops consuming a type everywhere on this instance until {@link #resume}: no delivery is taken, the ones
	 * being handled finish. Before the start, the type's consumers are simply not started.
	 */
	public synchronized void pause(String type) {
		if (paused.add(type) && started && !shutdown.isStopping() && stopping.add(type)) {
			log.info("Job type {} paused by an operator: its consumers stop on worker {}; running attempts finish",
					type, workerId);
			containers.stopAsync(type, () -> stopped(type));
		}
	}

	/**
	 * A pause's stop has finished. A stop takes as long as the deliveries being handled: if the type was resumed
	 * meanwhile, its consumers start now (a start while the stop is under way would be lost).
	 */
	private synchronized void stopped(String type) {
		stopping.remove(type);
		log.info("Job type {}: consumers stopped on worker {}", type, workerId);
		if (!paused.contains(type) && started && !shutdown.isStopping()) {
			log.info("Job type {} was resumed while its consumers stopped: consuming again on worker {}", type,
					workerId);
			containers.start(type);
		}
	}

	/** Consumes a paused type again. */
	public synchronized void resume(String type) {
		if (paused.remove(type) && started && !shutdown.isStopping()) {
			log.info("Job type {} resumed by an operator: consuming again on worker {}", type, workerId);
			if (!stopping.contains(type)) {
				containers.start(type);
			}
		}
	}

	/**
	 * Whether the type's claims are limited across the cluster from now on (a limit configured or set by an
	 * operator): its claims then take the type's lock and wait, uncharged, while a limit holds them back.
	 */
	public void limit(String type, boolean limited) {
		limits.set(type, limited);
	}

	/** Runs {@code consumers} consumers of the type on this instance from now on. */
	public void scale(String type, int consumers) {
		containers.setConcurrency(type, consumers);
	}

	/** Stops consuming one type's queue on this instance (running jobs finish); for operators and tests. */
	public void stopConsuming(String type) {
		containers.stop(type);
	}

	/** Resumes consuming one type's queue on this instance. */
	public void startConsuming(String type) {
		containers.start(type);
	}

	public String workerId() {
		return workerId;
	}

}
