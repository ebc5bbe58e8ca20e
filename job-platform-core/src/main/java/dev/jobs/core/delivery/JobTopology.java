package dev.jobs.core.delivery;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.jobs.core.job.JobTypeRegistry;
import dev.jobs.core.job.RegisteredJobType;

import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Declarable;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.core.DirectExchange;
import org.springframework.amqp.core.Queue;

/**
 * The broker topology: names and declarations. See {@code docs/TOPOLOGY.md}.
 *
 * <pre>
 * exchange jobs        --TYPE-->            queue jobs.TYPE            (work)
 * exchange jobs.retry  --TYPE.TIER-->       queue jobs.TYPE.retry.TIER (TTL = tier, dead-letters to jobs/TYPE)
 * exchange jobs.dlq    --TYPE-->            queue jobs.TYPE.dlq        (parked failures)
 * </pre>
 *
 * Retries wait in per-type queues with a queue-level TTL, one queue per delay, because a
 * per-message TTL on a shared queue only expires at the head and would hold short delays behind
 * long ones.
 */
public class JobTopology {

	private final String prefix;

	private final QueueType queueType;

	private final int deliveryLimit;

	private final List<Tier> tiers;

	/** The kind of broker queue for work and retries. */
	public enum QueueType {

		/** Replicated, durable queues: the default, and what RabbitMQ recommends for work queues. */
		QUORUM,
		/** Classic durable queues; they support message priorities. */
		CLASSIC

	}

	/**
	 * @param prefix names of the exchanges and queues start with it
	 * @param deliveryLimit redeliveries of one message before a quorum queue drops it
	 * @param retryTiers the delays of the retry queues
	 */
	public record Settings(String prefix, QueueType queueType, int deliveryLimit, List<Duration> retryTiers) {
	}

	public JobTopology(Settings settings) {
		this.prefix = settings.prefix();
		this.queueType = settings.queueType();
		this.deliveryLimit = settings.deliveryLimit();
		this.tiers = settings.retryTiers()
			.stream()
			.distinct()
			.sorted()
			.map(d -> new Tier(d, tierName(d)))
			.toList();
	}

	/** A retry delay queue. */
	public record Tier(Duration delay, String name) {
	}

	public String exchange() {
		return prefix;
	}

	public String retryExchange() {
		return prefix + ".retry";
	}

	public String deadLetterExchange() {
		return prefix + ".dlq";
	}

	public String workQueue(String type) {
		return prefix + "." + type;
	}

	public String retryQueue(String type, Tier tier) {
		return prefix + "." + type + ".retry." + tier.name();
	}

	public String retryRoutingKey(String type, Tier tier) {
		return type + "." + tier.name();
	}

	public String deadLetterQueue(String type) {
		return prefix + "." + type + ".dlq";
	}

	public List<Tier> tiers() {
		return tiers;
	}

	/**
	 * The retry tiers of a type: all of them for a job type; none for a message type, which has no attempts to
	 * retry (it retries a batch in place) and so only a work queue and a dead-letter queue.
	 */
	public List<Tier> tiersOf(RegisteredJobType type) {
		return type.messageDelivery() ? List.of() : tiers;
	}

	/**
	 * The tier nearest to {@code delay} on a logarithmic scale (so 25 s waits in the 30 s tier, not
	 * the 5 s one); empty if the delay is longer than every tier, in which case the outbox relay
	 * publishes the retry when it is due. The job's {@code runAt} is set to the chosen tier's delay,
	 * so the message never arrives before the job may run.
	 */
	public Optional<Tier> tierFor(Duration delay) {
		if (tiers.isEmpty() || delay.compareTo(tiers.get(tiers.size() - 1).delay()) > 0) {
			return Optional.empty();
		}
		double target = Math.log(Math.max(1, delay.toMillis()));
		return tiers.stream()
			.min(Comparator.comparingDouble(t -> Math.abs(Math.log(Math.max(1, t.delay().toMillis())) - target)));
	}

	/** Exchanges, queues and bindings of all registered types, declared by Spring AMQP's admin. */
	public Declarables declarables(JobTypeRegistry registry) {
		List<Declarable> all = new ArrayList<>();
		DirectExchange work = new DirectExchange(exchange(), true, false);
		DirectExchange retry = new DirectExchange(retryExchange(), true, false);
		DirectExchange dead = new DirectExchange(deadLetterExchange(), true, false);
		all.add(work);
		all.add(retry);
		all.add(dead);
		for (RegisteredJobType type : registry.all()) {
			String name = type.name();
			Map<String, Object> workArgs = baseArguments();
			workArgs.put("x-dead-letter-exchange", deadLetterExchange());
			workArgs.put("x-dead-letter-routing-key", name);
			if (queueType == QueueType.QUORUM) {
				// Poison-message guard: RabbitMQ before 4.0 has no default delivery limit.
				workArgs.put("x-delivery-limit", deliveryLimit);
			}
			else {
				workArgs.put("x-max-priority", 9);
			}
			Queue workQueue = new Queue(workQueue(name), true, false, false, workArgs);
			all.add(workQueue);
			all.add(bind(workQueue, work, name));
			for (Tier tier : tiersOf(type)) {
				Map<String, Object> args = baseArguments();
				args.put("x-message-ttl", tier.delay().toMillis());
				args.put("x-dead-letter-exchange", exchange());
				args.put("x-dead-letter-routing-key", name);
				if (queueType == QueueType.QUORUM) {
					// Quorum dead-lettering is at-most-once unless asked otherwise; a retry must not vanish.
					args.put("x-dead-letter-strategy", "at-least-once");
					args.put("x-overflow", "reject-publish");
				}
				Queue queue = new Queue(retryQueue(name, tier), true, false, false, args);
				all.add(queue);
				all.add(bind(queue, retry, retryRoutingKey(name, tier)));
			}
			Queue dlq = new Queue(deadLetterQueue(name), true, false, false, baseArguments());
			all.add(dlq);
			all.add(bind(dlq, dead, name));
		}
		return new Declarables(all);
	}

	private Map<String, Object> baseArguments() {
		Map<String, Object> args = new HashMap<>();
		if (queueType == QueueType.QUORUM) {
			args.put("x-queue-type", "quorum");
		}
		return args;
	}

	private static Binding bind(Queue queue, DirectExchange exchange, String routingKey) {
		return BindingBuilder.bind(queue).to(exchange).with(routingKey);
	}

	static String tierName(Duration d) {
		long millis = d.toMillis();
		if (millis % 3_600_000 == 0) {
			return (millis / 3_600_000) + "h";
		}
		if (millis % 60_000 == 0) {
			return (millis / 60_000) + "m";
		}
		if (millis % 1000 == 0) {
			return (millis / 1000) + "s";
		}
		return millis + "ms";
	}

}
