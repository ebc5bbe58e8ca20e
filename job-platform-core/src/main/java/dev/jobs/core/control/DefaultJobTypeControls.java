package dev.jobs.core.control;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.jobs.core.JobTypeControls;
import dev.jobs.core.RateLimit;
import dev.jobs.core.UnknownJobTypeException;
import dev.jobs.core.job.JobTypeRegistry;
import dev.jobs.core.job.RegisteredJobType;

/**
 * Stores what operators change; {@link TypeControlWatcher} applies it on every instance. A type delivered as
 * messages (no job rows) is controlled the same way: its consumers pause and scale alike.
 */
final class DefaultJobTypeControls implements JobTypeControls {

	private final TypeControlRows rows;

	private final JobTypeRegistry registry;

	DefaultJobTypeControls(TypeControlRows rows, JobTypeRegistry registry) {
		this.rows = rows;
		this.registry = registry;
	}

	@Override
	public List<TypeControl> all() {
		Map<String, TypeControlRows.Row> stored = rows.all()
			.stream()
			.collect(Collectors.toMap(TypeControlRows.Row::type, Function.identity()));
		return registry.all()
			.stream()
			.filter(type -> !type.messageDelivery())
			.map(type -> control(type, stored.getOrDefault(type.name(), TypeControlRows.Row.none(type.name()))))
			.toList();
	}

	@Override
	public TypeControl get(String type) {
		require(type);
		return all().stream().filter(c -> c.type().equals(type)).findFirst().orElseThrow();
	}

	@Override
	public TypeControl pause(String type, String by) {
		require(type);
		rows.pause(type, by);
		return get(type);
	}

	@Override
	public TypeControl resume(String type, String by) {
		require(type);
		rows.resume(type);
		return get(type);
	}

	@Override
	public TypeControl scale(String type, int concurrency, String by) {
		require(type);
		requireBetween("concurrency", concurrency, MAX_CONCURRENCY, "consumers per instance");
		rows.scale(type, concurrency, by);
		return get(type);
	}

	@Override
	public TypeControl resetConcurrency(String type, String by) {
		require(type);
		rows.scale(type, null, by);
		return get(type);
	}

	@Override
	public TypeControl limitGlobalConcurrency(String type, int globalConcurrency, String by) {
		require(type);
		requireBetween("globalConcurrency", globalConcurrency, MAX_GLOBAL_CONCURRENCY, "attempts across all instances");
		rows.limitGlobalConcurrency(type, globalConcurrency, by);
		return get(type);
	}

	@Override
	public TypeControl resetGlobalConcurrency(String type, String by) {
		require(type);
		rows.limitGlobalConcurrency(type, null, by);
		return get(type);
	}

	@Override
	public TypeControl limitRate(String type, RateLimit rate, String by) {
		require(type);
		rows.limitRate(type, java.util.Objects.requireNonNull(rate, "rate"), by);
		return get(type);
	}

	@Override
	public TypeControl resetRateLimit(String type, String by) {
		require(type);
		rows.limitRate(type, null, by);
		return get(type);
	}

	private static void requireBetween(String name, int value, int max, String unit) {
		if (value < 1 || value > max) {
			throw new IllegalArgumentException(name + " must be between 1 and " + max + " " + unit + ", was " + value
					+ " (to stop the type, pause it)");
		}
	}

	private RegisteredJobType require(String type) {
		RegisteredJobType registered = registry.find(type)
			.orElseThrow(() -> new UnknownJobTypeException(type,
					registry.all().stream().map(RegisteredJobType::name).toList()));
		if (registered.messageDelivery()) {
			// Its consumers belong to the message delivery, whose buffering (e.g. the operation log's journal)
			// already rides out a downstream outage.
			throw new IllegalArgumentException("type " + type + " is delivered as messages without job rows; it "
					+ "cannot be paused, scaled or limited here");
		}
		return registered;
	}

	private static TypeControl control(RegisteredJobType type, TypeControlRows.Row row) {
		return new TypeControl(type.name(), row.paused(), row.pausedAt(), row.pausedFor(), row.pausedBy(),
				type.settings().concurrency(), row.concurrency(), row.concurrencyBy(), type.settings().globalConcurrency(),
				row.globalConcurrency(), type.settings().rateLimit(), row.rateLimit(), row.limitsBy());
	}

}
