package dev.jobs.core.metrics;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/** Refreshes the gauges in the background, on a thread of its own, from start to stop. */
final class GaugesPoller implements SmartLifecycle {

	private final JobsGauges gauges;

	private final Duration interval;

	private ScheduledExecutorService scheduler;

	GaugesPoller(JobsGauges gauges, Duration interval) {
		this.gauges = gauges;
		this.interval = interval;
	}

	@Override
	public void start() {
		scheduler = Executors.newSingleThreadScheduledExecutor(new CustomizableThreadFactory("jobs-gauges-"));
		scheduler.scheduleWithFixedDelay(gauges::refresh, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
	}

	@Override
	public void stop() {
		scheduler.shutdownNow();
		scheduler = null;
	}

	@Override
	public boolean isRunning() {
		return scheduler != null;
	}

}
