package dev.jobs.core.delivery;

import java.time.Duration;
import java.util.List;

import dev.jobs.core.job.JobStateMachine;
import dev.jobs.core.job.JobStateMachine.AttemptOutcome;
import dev.jobs.core.job.JobStateMachine.ExpiredLease;
import dev.jobs.core.job.JobTypeRegistry;
import dev.jobs.core.job.MessageDispatcher;
import dev.jobs.core.job.RegisteredJobType;
import dev.jobs.core.metrics.JobMetrics;
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

	private final JobStateMachine stateMachine;

	private final JobTypeRegistry registry;

	private final MessageDispatcher dispatcher;

	private final TransactionTemplate transaction;

	private final Duration markInterval;

	private final Duration relayInterval;

	private final Duration reaperInterval;

	private final JobMetrics metrics;

	private ThreadPoolTaskScheduler scheduler;

	Housekeeping(DispatchMarks marks, JobPublisher publisher, OutboxRelay relay, JobStateMachine stateMachine,
			JobTypeRegistry registry, MessageDispatcher dispatcher, TransactionTemplate transaction,
			Duration markInterval, Duration relayInterval, Duration reaperInterval, JobMetrics metrics) {
		this.metrics = metrics;
		this.marks = marks;
		this.publisher = publisher;
		this.relay = relay;
		this.stateMachine = stateMachine;
		this.registry = registry;
		this.dispatcher = dispatcher;
		this.transaction = transaction;
		this.markInterval = markInterval;
		this.relayInterval = relayInterval;
		this.reaperInterval = reaperInterval;
	}

	@Override
	public void start() {
		scheduler = new ThreadPoolTaskScheduler();
		scheduler.setPoolSize(3);
		scheduler.setThreadNamePrefix("jobs-housekeeping-");
		scheduler.initialize();
		scheduler.scheduleWithFixedDelay(guard("record broker confirms", marks::flush), markInterval);
		if (relay != null) {
			scheduler.scheduleWithFixedDelay(guard("outbox relay", this::relayUntilDrained), relayInterval);
			scheduler.scheduleWithFixedDelay(guard("lease reaper", this::reapExpiredLeases), reaperInterval);
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
	 * recorded, and the job is retried (the relay publishes it when due), failed if it has no
	 * attempt left, or cancelled if that was asked for.
	 * @return how many jobs were reclaimed
	 */
	public int reapExpiredLeases() {
		Integer reaped = transaction.execute(status -> {
			List<ExpiredLease> expired = stateMachine.lockExpiredLeases(REAP_BATCH);
			for (ExpiredLease job : expired) {
				String error = "Worker " + job.workerId() + " stopped renewing its lease (killed, crashed or cut off); "
						+ "attempt " + job.attempt() + " is counted as lost";
				log.warn("Job {} ({}): {}", job.id(), job.type(), error);
				metrics.completed(job.type(), JobMetrics.Outcome.LOST, null);
				if (job.cancelRequested()) {
					stateMachine.stopCancelled(job.id(), job.attempt(), AttemptOutcome.LOST, error);
				}
				else if (job.attempt() >= job.maxAttempts()) {
					if (stateMachine.fail(job.id(), job.attempt(), AttemptOutcome.LOST, error, null)) {
						metrics.deadLettered(job.type());
						dispatcher.deadLetterAfterCommit(job.message(), error);
					}
				}
				else {
					Duration backoff = registry.find(job.type())
						.map((RegisteredJobType t) -> t.backoffAfter(job.attempt()))
						.orElse(Duration.ofSeconds(5));
					stateMachine.scheduleRetry(job.id(), job.attempt(), backoff, AttemptOutcome.LOST, error, null);
				}
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
