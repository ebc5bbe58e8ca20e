package dev.jobs.core.job;

import java.time.Duration;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The platform's counters and timers (see {@code docs/METRICS.md}). Tags are bounded: the job type
 * and an outcome, never a job id or a user.
 */
public class JobMetrics {

	/** How an attempt ended, as a metric tag. */
	public enum Outcome {

		SUCCEEDED, RETRIED, FAILED, CANCELLED, HANDED_BACK, LOST;

		String tag() {
			return name().toLowerCase(java.util.Locale.ROOT);
		}

	}

	private final MeterRegistry registry;

	private final JobTracing tracing;

	public JobMetrics(MeterRegistry registry) {
		this(registry, JobTracing.NONE);
	}

	/** With {@code tracing}: the client, the workers and the relay, which count here, also trace through it. */
	public JobMetrics(MeterRegistry registry, JobTracing tracing) {
		this.registry = registry;
		this.tracing = tracing;
		// Published from the start, so a dashboard or an alert finds it before the first group forms.
		groupSize();
		for (dev.jobs.core.BatchCallback kind : dev.jobs.core.BatchCallback.values()) {
			callbacksFired(kind);
		}
	}

	/** A batch's callback was released (it runs now), once per callback in the batch's life. */
	public void callbackFired(dev.jobs.core.BatchCallback kind) {
		callbacksFired(kind).increment();
	}

	private Counter callbacksFired(dev.jobs.core.BatchCallback kind) {
		return this.<Counter>hot("callback|" + kind, () -> Counter.builder("jobs.batch.callbacks.fired")
			.description("Batch callbacks released because their batch reached their condition")
			.tag("kind", kind.name())
			.register(registry));
	}

	private DistributionSummary groupSize() {
		return this.<DistributionSummary>hot("submit-group", () -> DistributionSummary.builder("jobs.submit.group.size")
			.description("submit calls outside a transaction committed together (group commit)")
			.register(registry));
	}

	/** The spans of a job's life; {@link JobTracing#NONE} when the application has no tracer. */
	public JobTracing tracing() {
		return tracing;
	}

	/** Where the counters are registered; the gauges register there too. */
	public MeterRegistry registry() {
		return registry;
	}

	/**
	 * The meters of the hot path, by name and tags: looked up once, not built and registered on every
	 * submission, claim and completion.
	 */
	private final java.util.Map<String, Meter> hot = new java.util.concurrent.ConcurrentHashMap<>();

	@SuppressWarnings("unchecked")
	private <M extends Meter> M hot(String key, java.util.function.Supplier<M> register) {
		return (M) hot.computeIfAbsent(key, k -> register.get());
	}

	public void submitted(String type) {
		this.<Counter>hot("submitted|" + type, () -> Counter.builder("jobs.submitted").description("Jobs created")
			.tag("type", type).register(registry)).increment();
	}

	/** A group commit of {@code size} {@code submit} calls made outside a transaction (1: a lone call). */
	public void submitGroup(int size) {
		groupSize().record(size);
	}

	public void started(String type, Duration queueTime) {
		this.<Counter>hot("started|" + type, () -> Counter.builder("jobs.started").description("Attempts started")
			.tag("type", type).register(registry)).increment();
		if (queueTime != null) {
			this.<Timer>hot("queue|" + type, () -> Timer.builder("jobs.queue.time")
				.description("Time from when an attempt was due to its claim")
				.tag("type", type)
				.publishPercentileHistogram()
				.register(registry)).record(queueTime.isNegative() ? Duration.ZERO : queueTime);
		}
	}

	public void completed(String type, Outcome outcome, Duration runTime) {
		this.<Counter>hot("completed|" + type + "|" + outcome, () -> Counter.builder("jobs.completed")
			.description("Attempts ended, by outcome")
			.tag("type", type)
			.tag("outcome", outcome.tag())
			.register(registry)).increment();
		if (runTime != null) {
			this.<Timer>hot("run|" + type + "|" + outcome, () -> Timer.builder("jobs.run.duration")
				.description("Handler run time of an attempt")
				.tag("type", type)
				.tag("outcome", outcome.tag())
				.publishPercentileHistogram()
				.register(registry)).record(runTime);
		}
	}

	public void deadLettered(String type) {
		Counter.builder("jobs.dead.lettered")
			.description("Jobs that failed for good and were parked in the dead-letter queue")
			.tag("type", type)
			.register(registry)
			.increment();
	}

	/** Creates the relay's counters at zero, so they are scraped before anything happens. */
	public void prepareRelayCounters(java.util.Collection<String> types) {
		undeliverableCounter();
		types.forEach(type -> {
			relayRefusedCounter(type);
			republishedCounter(type);
		});
	}

	/**
	 * A delivery of a type limited across the cluster had to wait for its claim ({@code limit}:
	 * {@code global-concurrency} or {@code rate-limit}); counted once per delivery, however long it waits.
	 */
	public void claimHeldByLimit(String type, String limit) {
		claimHeldCounter(type, limit).increment();
	}

	/**
	 * Creates the held-claim counters of the types this instance consumes at zero, so they are scraped (and an
	 * operator's later limit shows as a rise) before anything is held.
	 */
	public void prepareClaimHeldCounters(java.util.Collection<String> types) {
		types.forEach(type -> {
			claimHeldCounter(type, "global-concurrency");
			claimHeldCounter(type, "rate-limit");
		});
	}

	private Counter claimHeldCounter(String type, String limit) {
		return Counter.builder("jobs.claims.held")
			.description("Deliveries whose claim waited for a limit across the cluster (global-concurrency or "
					+ "rate-limit); the jobs wait uncharged")
			.tag("type", type)
			.tag("limit", limit)
			.register(registry);
	}

	/** The broker refused or returned a relayed message; the row is backed off. */
	public void relayRefused(String type) {
		relayRefusedCounter(type).increment();
	}

	private Counter relayRefusedCounter(String type) {
		return Counter.builder("jobs.relay.refused")
			.description("Relayed messages the broker refused or returned as unroutable; their rows are backed off")
			.tag("type", type)
			.register(registry);
	}

	/**
	 * A waiting job was failed because no instance registers its type and no queue routes it. Not
	 * tagged by type: such types are, by definition, not the registered ones (the log names them).
	 */
	public void undeliverable() {
		undeliverableCounter().increment();
	}

	private Counter undeliverableCounter() {
		return Counter.builder("jobs.relay.undeliverable")
			.description("Waiting jobs failed because their type is registered nowhere and no queue routes it")
			.register(registry);
	}

	/** The relay's backstop published a confirmed job again: its message was gone. */
	public void republished(String type) {
		republishedCounter(type).increment();
	}

	private Counter republishedCounter(String type) {
		return Counter.builder("jobs.relay.republished")
			.description("Confirmed jobs published again because they waited for a worker past jobs.relay.overdue-after")
			.tag("type", type)
			.register(registry);
	}

}
