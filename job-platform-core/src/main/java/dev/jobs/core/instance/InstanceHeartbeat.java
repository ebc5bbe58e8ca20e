package dev.jobs.core.instance;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import dev.jobs.core.delivery.LifecyclePhases;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * Writes this instance's row every {@code heartbeat-interval}: who it is, the consumers and running attempts
 * per type. On a clean stop the last beat says stopped, so the page tells a shutdown from a death. Each round
 * also forgets instances gone longer than the retention, and refreshes the instance gauges.
 */
final class InstanceHeartbeat implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(InstanceHeartbeat.class);

	private final InstanceRows rows;

	private final InstanceSettings settings;

	private final Identity identity;

	private final Supplier<Map<String, Integer>> consumers;

	private final Supplier<Map<String, Integer>> running;

	private final InstanceGauges gauges;

	private ScheduledExecutorService scheduler;

	/** What does not change while the process runs. */
	record Identity(String id, String host, long pid, String version, Instant startedAt) {
	}

	InstanceHeartbeat(InstanceRows rows, InstanceSettings settings, Identity identity,
			Supplier<Map<String, Integer>> consumers, Supplier<Map<String, Integer>> running, InstanceGauges gauges) {
		this.rows = rows;
		this.settings = settings;
		this.identity = identity;
		this.consumers = consumers;
		this.running = running;
		this.gauges = gauges;
	}

	@Override
	public synchronized void start() {
		if (scheduler != null) {
			return;
		}
		scheduler = Executors.newSingleThreadScheduledExecutor(new CustomizableThreadFactory("jobs-instance-"));
		scheduler.scheduleWithFixedDelay(this::beatGuarded, 0, settings.heartbeatInterval().toMillis(),
				TimeUnit.MILLISECONDS);
	}

	@Override
	public synchronized void stop() {
		if (scheduler == null) {
			return;
		}
		scheduler.shutdownNow();
		scheduler = null;
		try {
			rows.write(beat(true));
		}
		catch (RuntimeException ex) {
			// The row then turns gone after gone-after: what an operator sees is still true, only less precise.
			log.warn("Could not record this instance ({}) as stopped: {}", identity.id(), ex.toString());
		}
	}

	@Override
	public synchronized boolean isRunning() {
		return scheduler != null;
	}

	/** Before the consumers start and after they stop, so the last beat says stopped with no consumers left. */
	@Override
	public int getPhase() {
		return LifecyclePhases.RELAY;
	}

	/** One round now; for tests and for the first beat. */
	void beat() {
		rows.write(beat(false));
		rows.forget(settings.retention());
		gauges.update(rows.all(settings.goneAfter()));
	}

	private InstanceRows.Beat beat(boolean stopped) {
		return new InstanceRows.Beat(identity.id(), identity.host(), identity.pid(), identity.version(),
				identity.startedAt(), stopped ? Map.of() : consumers.get(), stopped ? Map.of() : running.get(),
				stopped);
	}

	private void beatGuarded() {
		try {
			beat();
		}
		catch (RuntimeException ex) {
			// Next round comes on schedule; a database outage shows as this instance turning gone elsewhere.
			log.warn("Instance heartbeat of {} failed (retried in {}): {}", identity.id(),
					settings.heartbeatInterval(), ex.toString());
		}
	}

}
