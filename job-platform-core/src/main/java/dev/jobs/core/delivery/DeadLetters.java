package dev.jobs.core.delivery;

import java.util.UUID;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import dev.jobs.core.IllegalJobTransitionException;
import dev.jobs.core.JobClient;
import dev.jobs.core.JobNotFoundException;
import dev.jobs.core.TooManyActiveJobsException;
import dev.jobs.core.job.JobMessage;
import dev.jobs.core.job.JobTypeRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.connection.Connection;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.support.DefaultMessagePropertiesConverter;

/**
 * Re-drives a type's dead-letter queue: every parked job that is still {@code FAILED} gets a new
 * attempt (as {@code POST /api/jobs/{id}/retry} would), and its parked message is removed. Safe to
 * repeat: a message is acknowledged only after its job's retry committed, and a job that is no
 * longer failed is skipped. A type delivered as messages (no job rows) has its parked messages moved
 * back to its work queue instead.
 */
public class DeadLetters {

	private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

	private final ConnectionFactory connectionFactory;

	private final JobTopology topology;

	private final JobTypeRegistry registry;

	private final JobClient client;

	private static final long CONFIRM_TIMEOUT_MILLIS = 10_000;

	private final DefaultMessagePropertiesConverter converter = new DefaultMessagePropertiesConverter();

	public DeadLetters(ConnectionFactory connectionFactory, JobTopology topology, JobTypeRegistry registry,
			JobClient client) {
		this.connectionFactory = connectionFactory;
		this.topology = topology;
		this.registry = registry;
		this.client = client;
	}

	/** What a re-drive did. */
	public record Redrive(String type, String queue, int redriven, int skipped) {
	}

	/**
	 * Re-drives up to {@code limit} parked messages of a type.
	 * @throws dev.jobs.core.UnknownJobTypeException if the type is not registered
	 */
	public Redrive redrive(String type, int limit) {
		if (registry.require(type).messageDelivery()) {
			return redriveMessages(type, limit);
		}
		String queue = topology.deadLetterQueue(type);
		int redriven = 0;
		int skipped = 0;
		int limited = 0;
		try (Connection connection = connectionFactory.createConnection();
				Channel channel = connection.createChannel(false)) {
			GetResponse response;
			while (redriven + skipped < limit && (response = channel.basicGet(queue, false)) != null) {
				long tag = response.getEnvelope().getDeliveryTag();
				UUID id = jobId(response);
				Retried retried = (id != null) ? retry(id) : Retried.SKIPPED;
				if (retried == Retried.OVER_LIMIT) {
					// Its owner has the type's limit of active jobs: leave it parked, and stop here so the
					// same message is not taken again at once. A later re-drive picks it up.
					channel.basicNack(tag, false, true);
					limited++;
					break;
				}
				if (retried == Retried.RETRIED) {
					redriven++;
				}
				else {
					skipped++;
				}
				channel.basicAck(tag, false);
			}
		}
		catch (Exception ex) {
			throw new IllegalStateException("Could not re-drive " + queue + ": " + ex.getMessage()
					+ ". Messages not yet re-driven stay in the queue; call again when the broker is reachable.", ex);
		}
		log.info("Re-drove dead-letter queue {}: {} job(s) retried, {} message(s) skipped{}", queue, redriven, skipped,
				(limited > 0) ? "; stopped at a job whose owner has the type's limit of active jobs (still parked)" : "");
		return new Redrive(type, queue, redriven, skipped);
	}

	/**
	 * A type delivered as messages has no job rows to retry: its parked messages (payload and all)
	 * are the only copy, so each is moved back to the type's work queue and acknowledged here only
	 * once the broker confirmed the copy. Reading one as a job message would drop it.
	 */
	private Redrive redriveMessages(String type, int limit) {
		String queue = topology.deadLetterQueue(type);
		int moved = 0;
		try (Connection connection = connectionFactory.createConnection();
				Channel channel = connection.createChannel(false)) {
			channel.confirmSelect();
			GetResponse response;
			while (moved < limit && (response = channel.basicGet(queue, false)) != null) {
				channel.basicPublish(topology.exchange(), type, response.getProps(), response.getBody());
				channel.waitForConfirmsOrDie(CONFIRM_TIMEOUT_MILLIS);
				channel.basicAck(response.getEnvelope().getDeliveryTag(), false);
				moved++;
			}
		}
		catch (Exception ex) {
			throw new IllegalStateException("Could not re-drive " + queue + ": " + ex.getMessage()
					+ ". Messages not yet moved back stay in the queue; call again when the broker is reachable.", ex);
		}
		log.info("Re-drove dead-letter queue {}: {} message(s) moved back to {}", queue, moved,
				topology.workQueue(type));
		return new Redrive(type, queue, moved, 0);
	}

	private enum Retried {

		RETRIED, SKIPPED, OVER_LIMIT

	}

	private Retried retry(UUID id) {
		try {
			client.retry(id);
			return Retried.RETRIED;
		}
		catch (IllegalJobTransitionException | JobNotFoundException ex) {
			log.debug("Not re-driving job {}: {}", id, ex.getMessage());
			return Retried.SKIPPED;
		}
		catch (TooManyActiveJobsException ex) {
			log.info("Not re-driving job {} yet: {}", id, ex.getMessage());
			return Retried.OVER_LIMIT;
		}
	}

	private UUID jobId(GetResponse response) {
		try {
			MessageProperties properties = converter.toMessageProperties(response.getProps(), response.getEnvelope(),
					"UTF-8");
			JobMessage message = JobMessageCodec.decode(new Message(response.getBody(), properties));
			return message.jobId();
		}
		catch (RuntimeException ex) {
			log.warn("Dropping an unreadable message from a dead-letter queue: {}", ex.getMessage());
			return null;
		}
	}

}
