package dev.jobs.core.delivery;

import java.time.Duration;

import dev.jobs.core.job.FailurePolicy.Ending;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The graceful shutdown of this instance's workers. From its first moment deliveries are returned
 * unclaimed ({@link #isStopping()}: the workers ask it before every claim); running jobs may finish
 * within {@code jobs.worker.drain-timeout}; the rest are interrupted and, if their handlers do not
 * return within a few seconds more, handed back without them, so another instance runs them even if
 * those handlers never return.
 */
final class WorkerShutdown {

	private static final Logger log = LoggerFactory.getLogger(WorkerShutdown.class);

	/** How long interrupted handlers may take to return before their jobs are handed back without them. */
	static final Duration HAND_BACK_WAIT = Duration.ofSeconds(5);

	private static final long IDLE_CHECK_MILLIS = 50;

	private final RunningJobs running;

	private final AttemptRecorder recorder;

	private final Duration drainTimeout;

	private volatile boolean stopping;

	WorkerShutdown(RunningJobs running, AttemptRecorder recorder, Duration drainTimeout) {
		this.running = running;
		this.recorder = recorder;
		this.drainTimeout = drainTimeout;
	}

	/** Whether the shutdown has begun: a delivery taken from now on is returned unclaimed. */
	boolean isStopping() {
		return stopping;
	}

	/** The workers (re)start: deliveries are claimed again. */
	void reset() {
		stopping = false;
	}

	void begin() {
		stopping = true;
	}

	Duration drainTimeout() {
		return drainTimeout;
	}

	/** Waits for running jobs, interrupts what is left, then hands back what still does not return. */
	void drainAndHandBack() {
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
	}

	private void waitUntilIdle(Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!running.isEmpty() && System.nanoTime() < deadline) {
			try {
				Thread.sleep(IDLE_CHECK_MILLIS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

}
