package dev.jobs.core.instance;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.jobs.core.PlatformInstances.PlatformInstance;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@code jobs.instances.live}: the live instances sharing this database; {@code jobs.instances.consuming{type}}:
 * how many of them run at least one consumer of the type. Every instance publishes the same cluster-wide
 * figures (read from the shared table), so an alert takes the max over instances and still fires when only one
 * instance is left to report.
 */
final class InstanceGauges {

	private final MeterRegistry registry;

	private final List<String> types;

	private final Map<String, Integer> consuming = new ConcurrentHashMap<>();

	private volatile int live = -1;

	InstanceGauges(MeterRegistry registry, Collection<String> types) {
		this.registry = registry;
		this.types = List.copyOf(types);
		if (registry == null) {
			return;
		}
		Gauge.builder("jobs.instances.live", this, g -> g.live < 0 ? Double.NaN : g.live)
			.description("Platform instances whose heartbeat is recent, across every instance on this database")
			.register(registry);
		for (String type : types) {
			Gauge.builder("jobs.instances.consuming", consuming, m -> m.getOrDefault(type, -1) < 0 ? Double.NaN
					: m.get(type))
				.description("Live instances running at least one consumer of the job type")
				.tag("type", type)
				.register(registry);
		}
	}

	void update(List<PlatformInstance> instances) {
		if (registry == null) {
			return;
		}
		List<PlatformInstance> alive = instances.stream().filter(PlatformInstance::live).toList();
		live = alive.size();
		for (String type : types) {
			consuming.put(type, (int) alive.stream().filter(i -> i.consumers().getOrDefault(type, 0) > 0).count());
		}
	}

}
