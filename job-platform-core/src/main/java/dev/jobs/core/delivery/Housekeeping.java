package dev.jobs.core.delivery;

import java.time.Duration;
import java.util.List;

import dev.jobs.core.job.AttemptEnd;
import dev.jobs.core.job.FailurePolicy;
import dev.jobs.core.job.JobMetrics;
import dev.jobs.core.job.JobStateMachine.Transition;
import dev.jobs.core.job.JobClaims.ExpiredLease;
import dev.jobs.core.job.EngineJobStore;
import dev.jobs.core.job.JobTypeRegistry;
import dev.jobs.core.job.MessageDispatcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The platform's periodic tasks: flushing broker confirms, the outbox relay and the lease reaper.
 * Each is wrapped in a log-and-continue guard, and each is safe to run on several instances.
 */
public class Housekeeping implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(Housekeeping.class);

	private static final int REAP_BATCH = 100;

	private final DispatchMarks marks;

	private final JobPublisher publisher;

	private final OutboxRelay relay;

	private final EngineJobStore store;

	private final JobTypeRegistry registry;

	private final AttemptRecorder recorder;

	private final MessageDispatcher dispatcher;

	private final TransactionTemplate transaction;

	private final DeliverySettings settings;

	private final JobMetrics metrics;

	private ThreadPoolTaskScheduler scheduler;

	Housekeeping(DispatchMarks marks, JobPublisher publisher, OutboxRelay relay, EngineJobStore store,
			JobTypeRegistry registry, AttemptRecorder recorder, MessageDispatcher dispatcher,
			TransactionTemplate transaction, DeliverySettings settings, JobMetrics metrics) {
		this.metrics = metrics;
		this.marks = marks;
		this.publisher = publisher;
		this.relay = relay;
		this.store = store;
		this.registry = registry;
		this.recorder = recorder;
		this.dispatcher = dispatcher;
		this.transaction = transaction;
		this.settings = settings;
	}

	@Override
	public void start() {
		scheduler = new ThreadPoolTaskScheduler();
		scheduler.setPoolSize(3);
		scheduler.setThreadNamePrefix("jobs-housekeeping-");
		scheduler.initialize();
		scheduler.scheduleWithFixedDelay(guard("record broker confirms", marks::flush), settings.markInterval());
		if (relay != null) {
			scheduler.scheduleWithFixedDelay(guard("outbox relay", this::relayUntilDrained), settings.relayInterval());
			scheduler.scheduleWithFixedDelay(guard("lease reaper", this::reapExpiredLeases), settings.reaperInterval());
		}
	}

	private void relayUntilDrained() {
		// Keep going while full batches come back, so a backlog after an outage drains quickly.
		while (relay.relayOnce() >= 1 && isRunning()) {
			marks.flush();
		}
	}

	/**
	 * Moves on every running job whose worker stopped renewing its lease: the lost attempt is
	 * recorded, and the job goes where {@link FailurePolicy} says (retried by the relay when due,
	 * failed, or cancelled).
	 * @return how many jobs were reclaimed
	 */
	public int reapExpiredLeases() {
		Integer reaped = transaction.execute(status -> {
			List<ExpiredLease> expired = store.claims().lockExpiredLeases(REAP_BATCH);
			for (ExpiredLease job : expired) {
				// A claim that waited in a batch and never started ran nothing: handed back, not counted.
				String error = job.handlerStarted()
						? "Worker " + job.workerId() + " stopped renewing its lease (killed, crashed or cut off); "
								+ "attempt " + job.attempt() + " is counted as lost"
						: "Worker " + job.workerId() + " stopped renewing its lease (killed, crashed or cut off) while "
								+ "attempt " + job.attempt() + " waited in a batch; its handler never started, so the "
								+ "attempt is handed back and not counted";
				log.warn("Job {} ({}): {}", job.id(), job.type(), error);
				FailurePolicy.Ending ending = job.handlerStarted() ? FailurePolicy.Ending.LEASE_EXPIRED
						: FailurePolicy.Ending.NEVER_STARTED;
				FailurePolicy.Facts facts = new FailurePolicy.Facts(ending, true,
						job.cancelRequested(), job.attempt(), job.maxAttempts(), job.attemptBase(), error, null);
				AttemptEnd end = FailurePolicy.decide(facts, n -> registry.find(job.type())
					.map(t -> recorder.retryDelay(t, n))
					.orElse(Duration.ofSeconds(5)));
				boolean applied = store.attemptEnds().endAttempt(job.id(), job.attempt(), end);
				if (!applied && (end.retries() || end.transition() == Transition.HAND_BACK)) {
					end = end.asCancelled();
					applied = store.attemptEnds().endAttempt(job.id(), job.attempt(), end);
				}
				if (applied && end.transition().to().isTerminal()) {
					recorder.ended(job.id(), job.type(), end.transition().to(), status);
				}
				metrics.completed(job.type(), job.handlerStarted() ? JobMetrics.Outcome.LOST
						: JobMetrics.Outcome.HANDED_BACK, null);
				if (end.failsForGood()) {
					metrics.deadLettered(job.type());
					dispatcher.deadLetterAfterCommit(job.message(), error);
				}
				// A retry is published by the relay when it is due: its row waits undispatched.
			}
			return expired.size();
		});
		return (reaped != null) ? reaped : 0;
	}

	private Runnable guard(String name, Runnable task) {
		return () -> {
			try {
				task.run();
			}
			catch (RuntimeException ex) {
				log.warn("Housekeeping task '{}' failed: {}; it runs again on schedule", name, ex.getMessage());
			}
		};
	}

	@Override
	public void stop() {
		if (scheduler != null) {
			scheduler.shutdown();
			scheduler = null;
		}
		marks.flush();
		publisher.shutdown();
		marks.flush();
	}

	@Override
	public boolean isRunning() {
		return scheduler != null;
	}

	/** Stops after the workers, so their last retries and confirms are still published and recorded. */
	@Override
	public int getPhase() {
		return Integer.MAX_VALUE - 2000;
	}

}
