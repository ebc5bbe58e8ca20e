package dev.jobs.core.delivery;

import java.time.Duration;

import org.springframework.context.SmartLifecycle;

/**
 * A round of repair work that runs every so often on the instances that run the relay ({@code jobs.relay.enabled}):
 * the relay itself, the lease reaper, the sweep of waiting jobs. Their lifecycle is this one; each says only what
 * its round does.
 */
abstract class RelayRound implements SmartLifecycle {

	private final boolean enabled;

	private final PeriodicTask task;

	RelayRound(String name, Duration every, boolean enabled) {
		this.enabled = enabled;
		this.task = new PeriodicTask(name, every, this::round);
	}

	/** One round of the work, on the task's thread. */
	abstract void round();

	@Override
	public void start() {
		task.start();
	}

	@Override
	public void stop() {
		task.stop();
	}

	@Override
	public boolean isRunning() {
		return task.isRunning();
	}

	/** Only instances that run the relay do this ({@code jobs.relay.enabled}); others can still be asked to. */
	@Override
	public boolean isAutoStartup() {
		return enabled;
	}

	@Override
	public int getPhase() {
		return LifecyclePhases.RELAY;
	}

}
