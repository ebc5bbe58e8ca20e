package dev.jobs.core.delivery;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.jobs.core.job.EngineJobStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * The worker watch: one thread per instance, started and stopped by {@link Workers}, that runs what
 * must happen beside the handlers: the {@link Heartbeat} (leases, cancel requests, lost leases), the
 * {@link Timeouts}, and what the delivery batches still owe the database ({@link BatchLedger}:
 * successes that waited too long in their batch, start marks of held claims). One thread, so these
 * never race each other over a running attempt.
 */
final class WorkerWatch {

	private static final Logger log = LoggerFactory.getLogger(WorkerWatch.class);

	/** How long a returned handler's success may wait for the rest of its batch before it is recorded alone. */
	static final Duration FLUSH_AFTER = Duration.ofMillis(50);

	private final BatchLedger ledger;

	private final AttemptRecorder recorder;

	private final Heartbeat heartbeat;

	private final Timeouts timeouts;

	private final Duration heartbeatInterval;

	private long lastHeartbeat = System.nanoTime();

	private ScheduledExecutorService thread;

	WorkerWatch(RunningJobs running, BatchLedger ledger, EngineJobStore store, AttemptRecorder recorder,
			DeliverySettings settings) {
		this.ledger = ledger;
		this.recorder = recorder;
		this.heartbeat = new Heartbeat(running, store, recorder, settings.workerId(), settings.lease());
		this.timeouts = new Timeouts(running, recorder, settings.timeoutGrace());
		this.heartbeatInterval = settings.heartbeatInterval();
	}

	void start() {
		thread = Executors.newSingleThreadScheduledExecutor(new CustomizableThreadFactory("jobs-worker-watch-"));
		long tick = tickInterval().toMillis();
		thread.scheduleWithFixedDelay(this::tick, tick, tick, TimeUnit.MILLISECONDS);
		long flush = FLUSH_AFTER.toMillis();
		thread.scheduleWithFixedDelay(this::flushOverdueSuccesses, flush, flush, TimeUnit.MILLISECONDS);
		long marks = StartMarks.WRITE_EVERY.toMillis();
		thread.scheduleWithFixedDelay(this::writeStartMarks, marks, marks, TimeUnit.MILLISECONDS);
	}

	void stop() {
		if (thread != null) {
			thread.shutdownNow();
			thread = null;
		}
	}

	/** How often {@link #tick()} should run. */
	Duration tickInterval() {
		return Duration.ofMillis(Math.min(heartbeatInterval.toMillis(), 250));
	}

	/** One round: timeouts and abandoned handlers every tick, leases every heartbeat interval. */
	void tick() {
		try {
			timeouts.enforce();
			long now = System.nanoTime();
			if (now - lastHeartbeat >= heartbeatInterval.toNanos()) {
				lastHeartbeat = now;
				heartbeat.beat();
			}
		}
		catch (RuntimeException ex) {
			log.warn("Worker watch round failed: {}; it runs again", ex.getMessage());
		}
	}

	/**
	 * Records successes that have waited in their batch behind a longer handler. One try: if the
	 * database is away the batch's own thread records them with its retries.
	 */
	void flushOverdueSuccesses() {
		for (PendingSuccesses pending : ledger.openBatches()) {
			try {
				pending.flushIfOverdue(FLUSH_AFTER.toNanos(), returned -> ledger.recordSuccesses(recorder, returned));
			}
			catch (RuntimeException ex) {
				log.debug("Could not record the successes held in a batch yet: {}", ex.getMessage());
			}
		}
	}

	/**
	 * Writes the start marks queued by consumers whose held claims started. One try: what the
	 * database refuses stays queued for the next round.
	 */
	void writeStartMarks() {
		try {
			ledger.startMarks().writeQueued();
		}
		catch (RuntimeException ex) {
			log.debug("Could not write the start marks of held claims yet: {}", ex.getMessage());
		}
	}

}
