package dev.jobs.core.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToIntFunction;

import com.rabbitmq.client.AMQP;
import dev.jobs.core.delivery.JobTopology;
import dev.jobs.core.job.JobTypeRegistry;
import dev.jobs.core.job.RegisteredJobType;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.amqp.rabbit.connection.Connection;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Gauges read from the database and the broker: queue lag, waiting jobs, outbox backlog, broker
 * queue depths and consumers. One background poll refreshes a cache; scrapes only read the cache,
 * so a busy Prometheus never turns into database or broker load.
 */
public class JobsGauges {

	private static final Logger log = LoggerFactory.getLogger(JobsGauges.class);

	private final JdbcClient jdbc;

	private final ConnectionFactory connectionFactory;

	private final JobTopology topology;

	private final List<String> types;

	private final List<String> queues = new ArrayList<>();

	private final Map<String, Double> lagSeconds = new ConcurrentHashMap<>();

	private final Map<String, Double> waiting = new ConcurrentHashMap<>();

	private final Map<String, Double> ready = new ConcurrentHashMap<>();

	private final Map<String, Double> consumers = new ConcurrentHashMap<>();

	private volatile double outboxBacklog;

	private volatile double outboxOldestAge;

	public JobsGauges(JdbcClient jdbc, ConnectionFactory connectionFactory, JobTopology topology,
			JobTypeRegistry registry, MeterRegistry meters, ToIntFunction<String> runningPerType) {
		this.jdbc = jdbc;
		this.connectionFactory = connectionFactory;
		this.topology = topology;
		this.types = registry.all().stream().map(RegisteredJobType::name).toList();
		for (String type : types) {
			Gauge.builder("jobs.queue.lag", lagSeconds, m -> m.getOrDefault(type, 0.0))
				.description("Age of the oldest due job waiting for a worker")
				.baseUnit("seconds")
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
			topology.tiers().forEach(tier -> queues.add(topology.retryQueue(type, tier)));
			queues.add(topology.deadLetterQueue(type));
		}
		for (String queue : queues) {
			Gauge.builder("jobs.queue.messages", ready, m -> m.getOrDefault(queue, Double.NaN))
				.description("Messages ready in a broker queue")
				.tag("queue", queue)
				.tag("kind", "ready")
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
		Gauge.builder("jobs.outbox.oldest.age", this, g -> g.outboxOldestAge)
			.description("Age of the oldest due job whose message the broker has not confirmed")
			.baseUnit("seconds")
			.register(meters);
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
		Map<String, Double> lag = new ConcurrentHashMap<>();
		Map<String, Double> count = new ConcurrentHashMap<>();
		jdbc.sql("""
				select type, count(*) as waiting, extract(epoch from now() - min(run_at)) as lag
				  from job
				 where status in ('PENDING', 'QUEUED', 'RETRY_WAIT') and run_at <= now()
				 group by type
				""").query(rs -> {
			lag.put(rs.getString("type"), rs.getDouble("lag"));
			count.put(rs.getString("type"), rs.getDouble("waiting"));
		});
		for (String type : types) {
			lagSeconds.put(type, lag.getOrDefault(type, 0.0));
			waiting.put(type, count.getOrDefault(type, 0.0));
		}
		jdbc.sql("""
				select count(*) as backlog, coalesce(extract(epoch from now() - min(run_at)), 0) as oldest
				  from job
				 where status in ('PENDING', 'RETRY_WAIT') and dispatched_at is null and run_at <= now()
				""").query(rs -> {
			outboxBacklog = rs.getDouble("backlog");
			outboxOldestAge = rs.getDouble("oldest");
		});
	}

	private void refreshBroker() {
		try (Connection connection = connectionFactory.createConnection()) {
			for (String queue : queues) {
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


}
