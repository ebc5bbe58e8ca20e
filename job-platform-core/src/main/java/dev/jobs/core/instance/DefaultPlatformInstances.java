package dev.jobs.core.instance;

import java.util.List;

import dev.jobs.core.PlatformInstances;

/** Reads the instances table; the heartbeat writes it. */
final class DefaultPlatformInstances implements PlatformInstances {

	private final InstanceRows rows;

	private final InstanceSettings settings;

	private final String self;

	DefaultPlatformInstances(InstanceRows rows, InstanceSettings settings, String self) {
		this.rows = rows;
		this.settings = settings;
		this.self = self;
	}

	@Override
	public List<PlatformInstance> all() {
		return rows.all(settings.goneAfter());
	}

	@Override
	public String self() {
		return self;
	}

}
