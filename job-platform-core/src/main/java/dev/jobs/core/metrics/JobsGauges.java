package dev.jobs.core.metrics;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToIntFunction;

import com.rabbitmq.client.AMQP;
import dev.jobs.core.delivery.JobTopology;
import dev.jobs.core.job.JobReads;
import dev.jobs.core.job.JobTypeRegistry;
import dev.jobs.core.job.RegisteredJobType;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.amqp.rabbit.connection.Connection;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;

/**
 * Gauges read from the database and the broker: queue lag, waiting jobs, outbox backlog, broker
 * queue depths and consumers. One background poll refreshes a cache; scrapes only read the cache,
 * so a busy Prometheus never turns into database or broker load.
 */
public class JobsGauges {

	private static final Logger log = LoggerFactory.getLogger(JobsGauges.class);

	private final JobReads reads;

	private final ConnectionFactory connectionFactory;

	private final JobTopology topology;

	private final List<String> types;

	private final List<String> queues = new ArrayList<>();

	private final Map<String, Double> lagSeconds = new ConcurrentHashMap<>();

	private final Map<String, Double> waiting = new ConcurrentHashMap<>();

	private final Map<String, Double> ready = new ConcurrentHashMap<>();

	private final Map<String, Double> unacked = new ConcurrentHashMap<>();

	private final Map<String, Double> consumers = new ConcurrentHashMap<>();

	/** Null when not configured: everything but unacked counts is read over AMQP then. */
	private final ManagementApiQueues managementApi;

	private volatile boolean managementApiFailing;

	private volatile double outboxBacklog;

	private volatile double outboxOldestAge;

	private volatile double outboxRefused;

	private volatile double failureGroups = Double.NaN;

	private volatile double batchesRunning = Double.NaN;

	private final Map<String, Double> awaiting = new ConcurrentHashMap<>();

	JobsGauges(JobReads reads, ConnectionFactory connectionFactory, ManagementApiQueues managementApi,
			JobTopology topology, JobTypeRegistry registry, MeterRegistry meters, ToIntFunction<String> runningPerType) {
		this.reads = reads;
		this.managementApi = managementApi;
		this.connectionFactory = connectionFactory;
		this.topology = topology;
		this.types = registry.all().stream().map(RegisteredJobType::name).toList();
		for (String type : types) {
			Gauge.builder("jobs.queue.lag", lagSeconds, m -> m.getOrDefault(type, 0.0))
				.description("Age of the oldest due job waiting for a worker")
				.baseUnit("seconds")
				.tag("type", type)
				.register(meters);
			Gauge.builder("jobs.awaiting", awaiting, m -> m.getOrDefault(type, 0.0))
				.description("Jobs waiting for other jobs: workflow steps whose dependencies have not all succeeded, "
						+ "batch callbacks whose batch has not reached their condition")
				.tag("type", type)
				.register(meters);
			Gauge.builder("jobs.waiting", waiting, m -> m.getOrDefault(type, 0.0))
				.description("Jobs due and waiting for a worker")
				.tag("type", type)
				.register(meters);
			Gauge.builder("jobs.running", () -> runningPerType.applyAsInt(type))
				.description("Attempts running on this instance")
				.tag("type", type)
				.register(meters);
			queues.add(topology.workQueue(type));
			if (!registry.require(type).messageDelivery()) { // message types have no retry tiers
				topology.tiers().forEach(tier -> queues.add(topology.retryQueue(type, tier)));
			}
			queues.add(topology.deadLetterQueue(type));
		}
		for (String queue : queues) {
			Gauge.builder("jobs.queue.messages", ready, m -> m.getOrDefault(queue, Double.NaN))
				.description("Messages ready in a broker queue")
				.tag("queue", queue)
				.tag("kind", "ready")
				.register(meters);
			Gauge.builder("jobs.queue.messages", unacked, m -> m.getOrDefault(queue, Double.NaN))
				.description("Messages delivered to a consumer and not yet acknowledged (management API only)")
				.tag("queue", queue)
				.tag("kind", "unacked")
				.register(meters);
		}
		for (String type : types) {
			String queue = topology.workQueue(type);
			Gauge.builder("jobs.queue.consumers", consumers, m -> m.getOrDefault(queue, Double.NaN))
				.description("Consumers on a work queue")
				.tag("queue", queue)
				.register(meters);
		}
		Gauge.builder("jobs.outbox.backlog", this, g -> g.outboxBacklog)
			.description("Due jobs whose message the broker has not confirmed")
			.register(meters);
		Gauge.builder("jobs.outbox.refused", this, g -> g.outboxRefused)
			.description("Due jobs whose last publish the broker refused or returned as unroutable (backed off)")
			.register(meters);
		Gauge.builder("jobs.failure.groups", this, g -> g.failureGroups)
			.description("Failure groups (causes) with a job that failed in the last hour, across every instance")
			.register(meters);
		Gauge.builder("jobs.batches.running", this, g -> g.batchesRunning)
			.description("Batches with members that have not ended, across every instance")
			.register(meters);
		Gauge.builder("jobs.outbox.oldest.age", this, g -> g.outboxOldestAge)
			.description("Age of the oldest due job whose message the broker has not confirmed")
			.baseUnit("seconds")
			.register(meters);
	}

	/**
	 * Ready messages in a queue at the last poll, from the cache the gauges read; {@code null} when
	 * unknown (not polled yet, broker unreachable, not one of the platform's queues).
	 */
	public Long ready(String queue) {
		Double value = ready.get(queue);
		return (value == null || value.isNaN()) ? null : value.longValue();
	}

	/** Reads everything once; called on a schedule and by tests. */
	public void refresh() {
		try {
			refreshDatabase();
		}
		catch (RuntimeException ex) {
			log.warn("Could not read job gauges from the database: {}", ex.getMessage());
		}
		try {
			refreshBroker();
		}
		catch (RuntimeException ex) {
			log.warn("Could not read queue depths from the broker: {}", ex.getMessage());
		}
	}

	private void refreshDatabase() {
		Map<String, JobReads.WaitingJobs> byType = reads.waitingByType();
		for (String type : types) {
			JobReads.WaitingJobs w = byType.get(type);
			lagSeconds.put(type, (w != null) ? w.oldestAgeSeconds() : 0.0);
			waiting.put(type, (w != null) ? (double) w.count() : 0.0);
		}
		JobReads.OutboxState outbox = reads.outboxState();
		outboxBacklog = outbox.backlog();
		outboxOldestAge = outbox.oldestAgeSeconds();
		outboxRefused = outbox.refused();
		failureGroups = reads.failureGroupsWithin(java.time.Duration.ofHours(1));
		Map<String, Long> awaitingByType = reads.awaitingByType();
		for (String type : types) {
			awaiting.put(type, awaitingByType.getOrDefault(type, 0L).doubleValue());
		}
		batchesRunning = reads.batchesRunning();
	}

	private void refreshBroker() {
		List<String> overAmqp = (managementApi != null) ? refreshFromManagementApi() : queues;
		if (overAmqp.isEmpty()) {
			return;
		}
		overAmqp.forEach(unacked::remove);
		try (Connection connection = connectionFactory.createConnection()) {
			for (String queue : overAmqp) {
				// A passive declare answers depth and consumers without touching the queue; a missing
				// queue closes the channel, so each queue gets its own.
				try (var channel = connection.createChannel(false)) {
					AMQP.Queue.DeclareOk ok = channel.queueDeclarePassive(queue);
					ready.put(queue, (double) ok.getMessageCount());
					consumers.put(queue, (double) ok.getConsumerCount());
				}
				catch (Exception ex) {
					ready.remove(queue);
					consumers.remove(queue);
				}
			}
		}
	}

	/**
	 * One request for all queues. Returns the queues it could not answer for: all of them (after one
	 * warning per outage) when the API is down, else those it has no statistics for yet (just declared).
	 */
	private List<String> refreshFromManagementApi() {
		Map<String, ManagementApiQueues.QueueStats> stats;
		try {
			stats = managementApi.read();
		}
		catch (IOException | RuntimeException ex) {
			if (!managementApiFailing) {
				managementApiFailing = true;
				log.warn("Could not read queue depths from the RabbitMQ management API at {} ({}); unacknowledged "
						+ "counts are unknown until it answers, ready counts and consumers come from AMQP meanwhile. "
						+ "Enable the rabbitmq_management plugin or unset jobs.metrics.management-api.url",
						managementApi.endpoint(), ex.getMessage());
			}
			return queues;
		}
		if (managementApiFailing) {
			managementApiFailing = false;
			log.info("RabbitMQ management API at {} answers again", managementApi.endpoint());
		}
		List<String> unanswered = new ArrayList<>();
		for (String queue : queues) {
			ManagementApiQueues.QueueStats queueStats = stats.get(queue);
			if (queueStats == null) {
				unanswered.add(queue);
			}
			else {
				ready.put(queue, queueStats.ready());
				unacked.put(queue, queueStats.unacked());
				consumers.put(queue, queueStats.consumers());
			}
		}
		return unanswered;
	}

}
