package dev.jobs.core.result;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import dev.jobs.core.job.EndedJobs;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Removes finished jobs (succeeded, failed, cancelled) that finished longer than the retention ago,
 * with their result files and attempt history, and result files whose writer died mid-way.
 *
 * <p>Safe on several instances: each round locks its jobs with {@code FOR UPDATE SKIP LOCKED},
 * so two instances never work on the same job. Files go before rows, in the rows' transaction:
 * a crash in between leaves a job whose file is gone (its download answers 410 and the next round
 * removes it), never a file nobody knows about.
 */
public class ResultRetention implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(ResultRetention.class);

	private final EndedJobs endedJobs;

	private final TransactionTemplate transaction;

	private final ResultStorage storage;

	private final Duration retention;

	private final Supplier<Duration> longestRun;

	private final Duration interval;

	private final int batchSize;

	private ThreadPoolTaskScheduler scheduler;

	/**
	 * @param longestRun how long one attempt may run at most (the longest type timeout): an
	 * unfinished file older than that belongs to no running attempt
	 */
	public ResultRetention(EndedJobs endedJobs, TransactionTemplate transaction, ResultStorage storage, Duration retention,
			Supplier<Duration> longestRun, Duration interval, int batchSize) {
		if (retention.isNegative() || retention.isZero()) {
			throw new IllegalArgumentException("jobs.results.retention must be positive, e.g. 7d; it is " + retention);
		}
		this.endedJobs = endedJobs;
		this.transaction = transaction;
		this.storage = storage;
		this.retention = retention;
		this.longestRun = longestRun;
		this.interval = interval;
		this.batchSize = batchSize;
	}

	/**
	 * Runs one cleanup round now.
	 * @return how many jobs were removed
	 */
	public int purgeExpired() {
		int removed = 0;
		int batch;
		do {
			batch = purgeBatch();
			removed += batch;
		}
		while (batch >= batchSize);
		int abandoned = 0;
		try {
			Duration age = longestRun.get().compareTo(retention) > 0 ? longestRun.get() : retention;
			abandoned = storage.deleteAbandoned(Instant.now().minus(age));
		}
		catch (IOException ex) {
			log.warn("Could not remove unfinished result files from {}: {}", storage, ex.getMessage());
		}
		if (removed > 0 || abandoned > 0) {
			log.info("Retention ({}): removed {} finished jobs with their result files and {} abandoned unfinished files",
					retention, removed, abandoned);
		}
		return removed;
	}

	private int purgeBatch() {
		Integer removed = transaction.execute(status -> {
			List<UUID> expired = endedJobs.lockFinishedBefore(retention, batchSize);
			List<UUID> deletable = new ArrayList<>(expired.size());
			for (UUID id : expired) {
				try {
					storage.delete(id);
					deletable.add(id);
				}
				catch (IOException | RuntimeException ex) {
					log.warn("Could not delete the result file of job {}: {}; keeping the job until the next round", id,
							ex.getMessage());
				}
			}
			if (deletable.isEmpty()) {
				return 0;
			}
			endedJobs.delete(deletable);
			return deletable.size();
		});
		return (removed != null) ? removed : 0;
	}

	@Override
	public void start() {
		scheduler = new ThreadPoolTaskScheduler();
		scheduler.setPoolSize(1);
		scheduler.setThreadNamePrefix("jobs-retention-");
		scheduler.initialize();
		// Soon after start as well, so instances that restart more often than the interval still clean up.
		Duration first = interval.compareTo(Duration.ofMinutes(1)) < 0 ? interval : Duration.ofMinutes(1);
		scheduler.scheduleWithFixedDelay(() -> {
			try {
				purgeExpired();
			}
			catch (RuntimeException ex) {
				log.warn("Retention cleanup failed: {}; it runs again in {}", ex.getMessage(), interval);
			}
		}, Instant.now().plus(first), interval);
	}

	@Override
	public void stop() {
		if (scheduler != null) {
			scheduler.shutdown();
			scheduler = null;
		}
	}

	@Override
	public boolean isRunning() {
		return scheduler != null;
	}

}
