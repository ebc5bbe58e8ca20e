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
import dev.jobs.core.job.EngineJobStore;
import dev.jobs.core.job.JobTypeRegistry;
import dev.jobs.core.job.RegisteredJobType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.TransactionTemplate;

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
 * error saying so, instead of being retried for ever.
 */
public class OutboxRelay {

	private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

	private final EngineJobStore store;

	private final JobPublisher publisher;

	private final JobTopology topology;

	private final JobTypeRegistry registry;

	private final AttemptRecorder recorder;

	private final TransactionTemplate transaction;

	private final JobMetrics metrics;

	private final Duration minAge;

	private final Duration overdueAfter;

	private final Duration maxBackoff;

	private final int batchSize;

	/** The backstop scans every waiting job: it runs at most this often, not every relay round. */
	private final long backstopEveryNanos;

	private volatile long lastBackstopNanos = System.nanoTime();

	OutboxRelay(EngineJobStore store, JobPublisher publisher, JobTopology topology, JobTypeRegistry registry,
			AttemptRecorder recorder, TransactionTemplate transaction, JobMetrics metrics, DeliverySettings settings) {
		this.recorder = recorder;
		this.store = store;
		this.publisher = publisher;
		this.topology = topology;
		this.registry = registry;
		this.transaction = transaction;
		this.metrics = metrics;
		this.minAge = settings.relayMinAge();
		this.overdueAfter = settings.overdueAfter();
		this.maxBackoff = settings.relayMaxBackoff();
		this.batchSize = settings.relayBatchSize();
		this.backstopEveryNanos = (overdueAfter != null)
				? Math.min(overdueAfter.toNanos() / 4, Duration.ofSeconds(30).toNanos()) : Long.MAX_VALUE;
		metrics.prepareRelayCounters(registry.all().stream().map(RegisteredJobType::name).toList());
	}

	/**
	 * One round: lock a batch, publish it, record what the broker did, commit.
	 * @return how many jobs were published and confirmed
	 */
	public int relayOnce() {
		Integer relayed = transaction.execute(status -> {
			long now = System.nanoTime();
			boolean backstop = overdueAfter != null && now - lastBackstopNanos >= backstopEveryNanos;
			if (backstop) {
				lastBackstopNanos = now;
			}
			List<Relayable> due = store.outbox().lockRelayable(minAge, backstop ? overdueAfter : null, batchSize);
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
				switch (results.get(i).join()) {
					case CONFIRMED -> {
						if (due.get(i).overdue()) {
							republished.add(message);
							metrics.republished(message.type());
						}
						else {
							confirmed.add(message);
						}
					}
					case RETURNED -> {
						if (registry.find(message.type()).isEmpty()) {
							undeliverable(message, status);
						}
						else {
							refused.add(message);
						}
					}
					case REFUSED -> refused.add(message);
					case UNKNOWN -> unknown++;
				}
			}
			store.outbox().markDispatched(confirmed);
			store.outbox().markRepublished(republished);
			store.outbox().backOffRelay(refused, maxBackoff);
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
		if (store.outbox().failUndeliverable(message.jobId(), message.attempt(), error)) {
			metrics.undeliverable();
			log.error("Job {}: {}", message.jobId(), error);
			recorder.ended(message.jobId(), message.type(), JobStatus.FAILED, status);
		}
	}

}
