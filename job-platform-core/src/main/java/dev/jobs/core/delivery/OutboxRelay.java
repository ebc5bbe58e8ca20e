package dev.jobs.core.delivery;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import dev.jobs.core.job.JobMessage;
import dev.jobs.core.job.JobStateMachine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.transaction.support.TransactionTemplate;

/**
 * Publishes every job that waits for a message none of which the broker confirmed: new jobs whose
 * after-commit publish was lost (broker down, instance killed, confirm timed out, message
 * returned), retries whose delay message was lost or longer than every tier, jobs handed back or
 * reclaimed from a dead worker, and jobs whose {@code runAt} has come.
 *
 * <p>One rule covers all of them, "waiting, due, unconfirmed, untouched for a while", and rows are
 * locked with {@code SKIP LOCKED}, so several instances can relay at once without publishing a job
 * twice in the same round.
 */
public class OutboxRelay {

	private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

	private final JobStateMachine stateMachine;

	private final JobPublisher publisher;

	private final JobTopology topology;

	private final TransactionTemplate transaction;

	private final Duration minAge;

	private final int batchSize;

	OutboxRelay(JobStateMachine stateMachine, JobPublisher publisher, JobTopology topology,
			TransactionTemplate transaction, Duration minAge, int batchSize) {
		this.stateMachine = stateMachine;
		this.publisher = publisher;
		this.topology = topology;
		this.transaction = transaction;
		this.minAge = minAge;
		this.batchSize = batchSize;
	}

	/**
	 * One round: lock a batch, publish it, record the confirms, commit.
	 * @return how many jobs were published and confirmed
	 */
	public int relayOnce() {
		Integer relayed = transaction.execute(status -> {
			List<JobMessage> due = stateMachine.lockUndispatched(minAge, batchSize);
			if (due.isEmpty()) {
				return 0;
			}
			List<CompletableFuture<Boolean>> confirms = new ArrayList<>(due.size());
			for (JobMessage message : due) {
				CompletableFuture<Boolean> confirm = publisher.publish(message, topology.exchange(), message.type(), null);
				confirms.add(confirm);
				if (confirm.isDone() && !confirm.join()) {
					break; // the broker is unreachable: stop this round, try again next time
				}
			}
			List<JobMessage> confirmed = new ArrayList<>();
			for (int i = 0; i < confirms.size(); i++) {
				if (confirms.get(i).join()) {
					confirmed.add(due.get(i));
				}
			}
			stateMachine.markDispatched(confirmed);
			if (confirmed.size() < due.size()) {
				log.warn("Outbox relay: {} of {} due jobs are not yet handed to the broker ({} tried, {} confirmed); "
						+ "retrying in the next round. If this repeats, check that RabbitMQ is reachable",
						due.size() - confirmed.size(), due.size(), confirms.size(), confirmed.size());
			}
			else {
				log.debug("Outbox relay published {} jobs", confirmed.size());
			}
			return confirmed.size();
		});
		return (relayed != null) ? relayed : 0;
	}

}
