package dev.jobs.core.control;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.jobs.core.JobTypeControls;
import dev.jobs.core.JobTypeControls.TypeControl;
import dev.jobs.core.RateLimit;
import dev.jobs.core.delivery.LifecyclePhases;
import dev.jobs.core.delivery.Workers;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * Applies the operators' controls on this instance: reads them every {@code jobs.controls.poll-interval} and
 * pauses, resumes and scales this instance's consumers to match. Its first round runs before the consumers
 * start (a lower lifecycle phase), so a type paused before a restart never takes a delivery after it.
 * Marks the types limited across the cluster, whose claims then meter themselves ({@code LimitedClaims}).
 * Publishes {@code jobs.type.paused{type}}, {@code jobs.type.paused.seconds{type}},
 * {@code jobs.type.concurrency{type}}, {@code jobs.type.global.concurrency{type}} and
 * {@code jobs.type.rate.limit{type}}.
 */
final class TypeControlWatcher implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(TypeControlWatcher.class);

	private final JobTypeControls controls;

	private final Workers workers;

	private final Duration interval;

	private final Set<String> pausedHere = new HashSet<>();

	private final Map<String, Integer> concurrencyHere = new HashMap<>();

	private final Map<String, TypeControl> last = new ConcurrentHashMap<>();

	private ScheduledExecutorService scheduler;

	/**
	 * @param workers this instance's workers, {@code null} when it runs none ({@code jobs.worker.enabled=false}):
	 * the gauges are published all the same
	 */
	TypeControlWatcher(JobTypeControls controls, Workers workers, Duration interval, MeterRegistry meters,
			List<String> types) {
		this.controls = controls;
		this.workers = workers;
		this.interval = interval;
		if (meters != null) {
			for (String type : types) {
				Gauge.builder("jobs.type.paused", last, m -> m.containsKey(type) && m.get(type).paused() ? 1 : 0)
					.description("1 while an operator has the job type paused")
					.tag("type", type)
					.register(meters);
				Gauge.builder("jobs.type.paused.seconds", last,
						m -> m.containsKey(type) ? m.get(type).pausedFor().toMillis() / 1000.0 : 0)
					.description("How long the job type has been paused (0 while it runs)")
					.tag("type", type)
					.register(meters);
				Gauge.builder("jobs.type.concurrency", last,
						m -> m.containsKey(type) ? m.get(type).effectiveConcurrency() : Double.NaN)
					.description("Consumers per instance the job type runs with: configured, or set by an operator")
					.tag("type", type)
					.register(meters);
				Gauge.builder("jobs.type.global.concurrency", last, m -> m.containsKey(type)
						&& m.get(type).effectiveGlobalConcurrency() != null ? m.get(type).effectiveGlobalConcurrency()
								: Double.NaN)
					.description("The most attempts of the job type running at once across all instances (NaN: no limit)")
					.tag("type", type)
					.register(meters);
				Gauge.builder("jobs.type.rate.limit", last, m -> {
					RateLimit rate = m.containsKey(type) ? m.get(type).effectiveRateLimit() : null;
					return (rate != null) ? rate.permits() * 1000.0 / rate.period().toMillis() : Double.NaN;
				})
					.description("The most starts per second of the job type across all instances (NaN: no limit)")
					.tag("type", type)
					.register(meters);
			}
		}
	}

	@Override
	public synchronized void start() {
		if (scheduler != null) {
			return;
		}
		try {
			apply();
		}
		catch (RuntimeException ex) {
			// The database is away: start as configured; the next round applies the controls.
			log.warn("Could not read the job type controls at start ({}); consumers start as configured and the "
					+ "controls apply within {}", ex.toString(), interval);
		}
		scheduler = Executors.newSingleThreadScheduledExecutor(new CustomizableThreadFactory("jobs-controls-"));
		scheduler.scheduleWithFixedDelay(this::applyGuarded, interval.toMillis(), interval.toMillis(),
				TimeUnit.MILLISECONDS);
	}

	@Override
	public synchronized void stop() {
		if (scheduler != null) {
			scheduler.shutdownNow();
			scheduler = null;
		}
	}

	@Override
	public synchronized boolean isRunning() {
		return scheduler != null;
	}

	/** Before the consumers start; after they stop. */
	@Override
	public int getPhase() {
		return LifecyclePhases.RELAY;
	}

	/** One round now: read the controls and make this instance's consumers match. */
	synchronized void apply() {
		List<TypeControl> all = controls.all();
		for (TypeControl control : all) {
			last.put(control.type(), control);
			if (workers == null) {
				continue;
			}
			String type = control.type();
			workers.limit(type, control.limited());
			if (control.paused() && pausedHere.add(type)) {
				workers.pause(type);
			}
			else if (!control.paused() && pausedHere.remove(type)) {
				workers.resume(type);
			}
			Integer applied = concurrencyHere.get(type);
			int wanted = control.effectiveConcurrency();
			if (applied == null ? wanted != control.configuredConcurrency() : applied != wanted) {
				log.info("Job type {}: {} consumer(s) per instance from now on ({})", type, wanted,
						(control.concurrencyOverride() != null) ? "set by " + control.concurrencyBy()
								: "the configured value");
				workers.scale(type, wanted);
				concurrencyHere.put(type, wanted);
			}
		}
	}

	private void applyGuarded() {
		try {
			apply();
		}
		catch (RuntimeException ex) {
			log.warn("Could not read the job type controls ({}); trying again in {}", ex.toString(), interval);
		}
	}

}
