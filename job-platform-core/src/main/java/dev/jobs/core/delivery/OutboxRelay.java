package dev.jobs.core.delivery;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import dev.jobs.core.JobStatus;
import dev.jobs.core.delivery.JobPublisher.PublishResult;
import dev.jobs.core.job.JobMessage;
import dev.jobs.core.job.JobMetrics;
import dev.jobs.core.job.OutboxRows.Relayable;
import dev.jobs.core.job.JobTypeRegistry;
import dev.jobs.core.job.RegisteredJobType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.transaction.TransactionStatus;

/**
 * Publishes every job that waits for a message and has none: new jobs whose after-commit publish
 * was lost (broker down, instance killed, confirm timed out, message returned), retries whose delay
 * message was lost or longer than every tier, jobs handed back or reclaimed from a dead worker,
 * jobs whose {@code runAt} has come, and jobs whose message came too early.
 *
 * <p>One rule covers all of them, "waiting, due, unconfirmed, untouched for a while", and rows are
 * locked with {@code SKIP LOCKED}, so several instances can relay at once without publishing a job
 * twice in the same round. A backstop covers what the rule cannot see: a confirmed job still
 * waiting for a worker long after it was due has lost its message (purged queue, dead-lettered
 * delivery, taken by another deployment sharing the broker) and is published again.
 *
 * <p>A row whose publish the broker refuses or returns is backed off, so it cannot block the rows
 * behind it. A job whose type no running instance registers and no queue routes is failed with an
 * error saying so, instead of being retried for ever. What becomes of each row is {@link RelayFate};
 * when the backstop scans is {@link RelayBackstop}.
 *
 * <p>Runs every {@code jobs.relay.interval}, and round after round while full batches come back, so
 * a backlog after an outage drains quickly; only on instances with {@code jobs.relay.enabled}.
 */
class OutboxRelay extends RelayRound {

	private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

	private final EngineDatabase engine;

	private final JobPublisher publisher;

	private final JobTopology topology;

	private final JobTypeRegistry registry;

	private final EndingEffects effects;

	private final JobMetrics metrics;

	private final Duration minAge;

	private final Duration maxBackoff;

	private final int batchSize;

	private final RelayBackstop backstop;

	OutboxRelay(EngineDatabase engine, JobPublisher publisher, JobTopology topology, JobTypeRegistry registry,
			EndingEffects effects, JobMetrics metrics, DeliverySettings settings) {
		super("relay", settings.relayInterval(), settings.relayEnabled());
		this.engine = engine;
		this.publisher = publisher;
		this.topology = topology;
		this.registry = registry;
		this.effects = effects;
		this.metrics = metrics;
		this.minAge = settings.relayMinAge();
		this.maxBackoff = settings.relayMaxBackoff();
		this.batchSize = settings.relayBatchSize();
		this.backstop = new RelayBackstop(settings.overdueAfter(), System.nanoTime());
		if (settings.relayEnabled()) {
			metrics.prepareRelayCounters(registry.all().stream().map(RegisteredJobType::name).toList());
		}
	}

	@Override
	void round() {
		// Keep going while full batches come back, so a backlog after an outage drains quickly.
		while (relayOnce() >= 1 && isRunning()) {
			publisher.recordConfirms();
		}
	}

	/**
	 * One round: lock a batch, publish it, record what the broker did, commit.
	 * @return how many jobs were published and confirmed
	 */
	int relayOnce() {
		Integer relayed = engine.transaction().execute(status -> {
			Duration overdueAfter = backstop.overdueAfterIfDue(System.nanoTime());
			List<Relayable> due = engine.store().outbox().lockRelayable(minAge, overdueAfter, batchSize);
			if (due.isEmpty()) {
				return 0;
			}
			List<CompletableFuture<PublishResult>> results = new ArrayList<>(due.size());
			for (Relayable job : due) {
				JobMessage message = job.message();
				CompletableFuture<PublishResult> result = publisher.publish(message, topology.exchange(), message.type(),
						null);
				results.add(result);
				if (result.isDone() && result.join() == PublishResult.UNKNOWN) {
					break; // the broker is unreachable: stop this round, try again next time
				}
			}
			List<JobMessage> confirmed = new ArrayList<>();
			List<JobMessage> republished = new ArrayList<>();
			List<JobMessage> refused = new ArrayList<>();
			int unknown = 0;
			for (int i = 0; i < results.size(); i++) {
				JobMessage message = due.get(i).message();
				RelayFate fate = RelayFate.of(results.get(i).join(), due.get(i).overdue(),
						registry.find(message.type()).isPresent());
				switch (fate) {
					case DISPATCHED -> confirmed.add(message);
					case REPUBLISHED -> {
						republished.add(message);
						metrics.republished(message.type());
					}
					case BACKED_OFF -> refused.add(message);
					case UNDELIVERABLE -> undeliverable(message, status);
					case NEXT_ROUND -> unknown++;
				}
			}
			engine.store().outbox().markDispatched(confirmed);
			engine.store().outbox().markRepublished(republished);
			engine.store().outbox().backOffRelay(refused, maxBackoff);
			refused.forEach(m -> metrics.relayRefused(m.type()));
			if (!republished.isEmpty()) {
				log.warn("Outbox relay: published {} job(s) again that were confirmed but still waited for a worker "
						+ "{} after they were due (their messages were lost: purged queue, dead-lettered delivery, "
						+ "or consumed by another deployment sharing the broker)", republished.size(), overdueAfter);
			}
			if (!refused.isEmpty()) {
				log.warn("Outbox relay: the broker refused or returned {} job message(s) (e.g. job {} of type {}); "
						+ "those rows are backed off. Check that the queues {} exist", refused.size(),
						refused.get(0).jobId(), refused.get(0).type(), topology.workQueue(refused.get(0).type()));
			}
			if (unknown + (due.size() - results.size()) > 0) {
				log.warn("Outbox relay: {} of {} due jobs are not yet handed to the broker; retrying in the next round. "
						+ "If this repeats, check that RabbitMQ is reachable", unknown + due.size() - results.size(),
						due.size());
			}
			return confirmed.size() + republished.size();
		});
		return (relayed != null) ? relayed : 0;
	}

	private void undeliverable(JobMessage message, TransactionStatus status) {
		String error = "Job type " + message.type() + " is not registered on this instance and the broker has no "
				+ "queue for it: no running deployment runs this type any more. Deploy a handler for it and retry "
				+ "the job, or leave it failed";
		if (engine.store().outbox().failUndeliverable(message.jobId(), message.type(), message.attempt(), error)) {
			metrics.undeliverable();
			log.error("Job {}: {}", message.jobId(), error);
			effects.ended(message.jobId(), message.type(), JobStatus.FAILED, status);
		}
	}


}
