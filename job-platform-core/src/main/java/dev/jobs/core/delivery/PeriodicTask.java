package dev.jobs.core.delivery;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * One periodic task of the engine (the relay, the lease reaper, the writing of broker confirms) on a
 * thread of its own, the first run at start and a fixed delay between runs, each run behind a log-and-continue guard: a failed
 * round never ends the task, the next one comes on schedule.
 */
final class PeriodicTask {

	private static final Logger log = LoggerFactory.getLogger(PeriodicTask.class);

	private final String name;

	private final Duration every;

	private final Runnable task;

	private volatile ScheduledExecutorService executor;

	/**
	 * @param name what the task is, for its thread ({@code jobs-<name>-}) and its logs
	 */
	PeriodicTask(String name, Duration every, Runnable task) {
		this.name = name;
		this.every = every;
		this.task = task;
	}

	synchronized void start() {
		if (executor != null) {
			return;
		}
		executor = Executors.newSingleThreadScheduledExecutor(new CustomizableThreadFactory("jobs-" + name + "-"));
		executor.scheduleWithFixedDelay(this::runGuarded, 0, every.toMillis(), TimeUnit.MILLISECONDS);
	}

	/** Stops scheduling and interrupts a round in progress (its transaction rolls back; the next owner redoes it). */
	synchronized void stop() {
		if (executor != null) {
			executor.shutdownNow();
			executor = null;
		}
	}

	boolean isRunning() {
		return executor != null;
	}

	private void runGuarded() {
		try {
			task.run();
		}
		catch (RuntimeException ex) {
			log.warn("Periodic task '{}' failed: {}; it runs again on schedule", name, ex.getMessage());
		}
	}

}
