package dev.jobs.core.delivery;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import com.rabbitmq.client.Channel;
import dev.jobs.core.JobHandler;
import dev.jobs.core.job.FailurePolicy;
import dev.jobs.core.job.JobMessage;
import dev.jobs.core.job.JobMetrics;
import dev.jobs.core.job.JobClaims.ClaimResult;
import dev.jobs.core.job.EngineJobStore;
import dev.jobs.core.job.JobTypeRegistry;
import dev.jobs.core.job.Payloads;
import dev.jobs.core.job.RegisteredJobType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.listener.api.ChannelAwareBatchMessageListener;

/**
 * Consumes one job type's queue: claim, run the handler, record the outcome, then acknowledge.
 *
 * <p>The order matters (see {@code docs/RELIABILITY.md}): a crash before the claim commits leaves
 * an unacknowledged delivery that the broker redelivers; a crash after it leaves a {@code RUNNING}
 * job whose lease runs out and the reaper retries; a crash after the completion commits leaves a
 * delivery that is redelivered and ignored, because the claim no longer matches. The handler runs
 * at most once per attempt, because only one claim per attempt can win.
 *
 * <p>While the instance stops, deliveries are returned to the queue unclaimed, whatever the
 * listener container does with prefetched messages: a stop never burns an attempt.
 */
class JobWorker implements ChannelAwareBatchMessageListener {

	private static final Logger log = LoggerFactory.getLogger(JobWorker.class);

	private final RegisteredJobType type;

	private final EngineJobStore store;

	private final JobTypeRegistry registry;

	private final Payloads payloads;

	private final JobTopology topology;

	private final AttemptRecorder recorder;

	private final RunningJobs running;

	private final BooleanSupplier stopping;

	private final DatabaseRetry database;

	private final String workerId;

	private final Duration lease;

	private final JobMetrics metrics;

	private final BatchLedger ledger;

	JobWorker(RegisteredJobType type, EngineJobStore store, JobTypeRegistry registry, Payloads payloads, JobTopology topology,
			AttemptRecorder recorder, RunningJobs running, BooleanSupplier stopping, String workerId, Duration lease,
			JobMetrics metrics, BatchLedger ledger) {
		this.ledger = ledger;
		this.type = type;
		this.store = store;
		this.registry = registry;
		this.payloads = payloads;
		this.topology = topology;
		this.recorder = recorder;
		this.running = running;
		this.stopping = stopping;
		this.database = new DatabaseRetry(stopping);
		this.workerId = workerId;
		this.lease = lease;
		this.metrics = metrics;
	}

	@Override
	public void onMessage(Message message, Channel channel) throws Exception {
		long tag = message.getMessageProperties().getDeliveryTag();
		JobMessage jobMessage = decodeOrDrop(message, channel);
		if (jobMessage == null) {
			return;
		}
		if (stopping.getAsBoolean()) {
			// Shutting down: another instance (or this one after a restart) takes it. Nothing was claimed.
			channel.basicNack(tag, false, true);
			return;
		}
		if (handleAlone(jobMessage)) {
			channel.basicAck(tag, false);
		}
		else {
			channel.basicNack(tag, false, true);
		}
	}

	/**
	 * The deliveries this consumer holds (prefetch &gt; 1): one claim statement for all, handlers one
	 * after the other, their successes recorded in one statement, then one acknowledgement for all.
	 * The rules of a single delivery hold for each: a claim held behind another handler keeps its
	 * lease and starts its timeout only when its handler starts; a stop hands the claims not yet
	 * started back; nothing is acknowledged before its outcome is committed.
	 */
	@Override
	public void onMessageBatch(List<Message> messages, Channel channel) {
		try {
			handleBatch(messages, channel);
		}
		catch (IOException ex) {
			// The channel broke: the container recovers, the unacknowledged deliveries come again.
			throw new java.io.UncheckedIOException(ex);
		}
	}

	private void handleBatch(List<Message> messages, Channel channel) throws IOException {
		if (messages.isEmpty()) {
			return;
		}
		if (messages.size() == 1) {
			try {
				onMessage(messages.get(0), channel);
			}
			catch (IOException | RuntimeException ex) {
				throw ex;
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
			return;
		}
		// Deliveries settled one by one (acked as unreadable, returned alone) must not be named again
		// by the batch's final ack: a tag settled twice closes the channel (PRECONDITION_FAILED) and
		// the broker redelivers the whole batch.
		Settlement settlement = new Settlement(channel, messages);
		// Distinct jobs go into the one claim; a second message for a job already in the batch (a
		// duplicate publish) is handled alone afterwards, as any late duplicate is.
		List<Delivery> distinct = new ArrayList<>(messages.size());
		List<Delivery> duplicates = new ArrayList<>();
		Set<UUID> seen = new HashSet<>();
		for (Message message : messages) {
			JobMessage jobMessage = decodeOrDrop(message, channel);
			long tag = message.getMessageProperties().getDeliveryTag();
			if (jobMessage == null) {
				settlement.settledAlone(tag);
			}
			else {
				Delivery delivery = new Delivery(tag, jobMessage);
				(seen.add(jobMessage.jobId()) ? distinct : duplicates).add(delivery);
			}
		}
		if (distinct.isEmpty()) {
			return;
		}
		if (stopping.getAsBoolean()) {
			settlement.returnOutstanding();
			return;
		}
		List<Held> held = new ArrayList<>(distinct.size());
		try {
			// One id per batch: a claim retried after an ambiguous commit recognises its own wins.
			UUID claimId = UUID.randomUUID();
			List<JobMessage> claimed = distinct.stream().map(Delivery::message).toList();
			List<ClaimResult> claims = database.call("claim " + claimed.size() + " jobs of type " + type.name(),
					() -> store.claims().claimAll(claimed, workerId, claimId, lease));
			for (int i = 0; i < claims.size(); i++) {
				ClaimResult claim = claims.get(i);
				if (!claim.won()) {
					explainLostClaim(distinct.get(i).message(), claim);
					continue;
				}
				RunningJob run = new RunningJob(claim.job(), type, Thread.currentThread(), store, registry, payloads);
				running.add(run); // from now on the heartbeat renews its lease
				held.add(new Held(distinct.get(i).tag(), run));
			}
		}
		catch (RuntimeException ex) {
			log.warn("Could not claim a batch of {} message(s) of type {} ({}); returning them to the queue",
					distinct.size(), type.name(), ex.getMessage());
			settlement.returnOutstanding();
			return;
		}
		PendingSuccesses pending = new PendingSuccesses(running);
		ledger.openBatches().add(pending);
		try {
			for (Held h : held) {
				try {
					runHeld(h.run(), pending);
				}
				catch (DatabaseRetry.DatabaseUnavailableException ex) {
					throw ex;
				}
				catch (RuntimeException ex) {
					log.error("Unexpected failure while handling the message for job {}; returning it to the queue",
							h.run().jobId(), ex);
					channel.basicNack(h.tag(), false, true);
					settlement.settledAlone(h.tag());
				}
			}
			database.call("record " + type.name() + " successes", () -> {
				pending.flush(recorder::succeedAll);
				return null;
			});
			for (Delivery duplicate : duplicates) {
				if (!handleAlone(duplicate.message())) {
					channel.basicNack(duplicate.tag(), false, true);
					settlement.settledAlone(duplicate.tag());
				}
			}
		}
		catch (DatabaseRetry.DatabaseUnavailableException ex) {
			// Shutting down while the database is away: what is not recorded keeps its lease until it
			// runs out, and the deliveries go back (a redelivery of a recorded job is ignored).
			log.warn("{}; returning the batch's messages to the queue", ex.getMessage());
			settlement.returnOutstanding();
			return;
		}
		finally {
			ledger.openBatches().remove(pending);
			held.forEach(h -> running.remove(h.run()));
		}
		settlement.ackOutstanding();
	}

	/**
	 * The deliveries of one batch and which of them were already settled alone. The batch ends with
	 * one multiple ack (or nack) naming the highest delivery still outstanding: it settles every
	 * outstanding delivery up to it, and never a tag the broker no longer knows.
	 */
	static final class Settlement {

		private final Channel channel;

		private final List<Long> tags;

		private final Set<Long> settled = new HashSet<>();

		Settlement(Channel channel, List<Message> messages) {
			this.channel = channel;
			this.tags = messages.stream().map(m -> m.getMessageProperties().getDeliveryTag()).toList();
		}

		void settledAlone(long tag) {
			settled.add(tag);
		}

		/** The highest delivery tag of the batch not yet settled, or -1 if none. */
		long highestOutstanding() {
			return tags.stream().filter(t -> !settled.contains(t)).mapToLong(Long::longValue).max().orElse(-1);
		}

		void ackOutstanding() throws IOException {
			long tag = highestOutstanding();
			if (tag >= 0) {
				channel.basicAck(tag, true);
			}
		}

		void returnOutstanding() throws IOException {
			long tag = highestOutstanding();
			if (tag >= 0) {
				channel.basicNack(tag, true, true);
			}
		}

	}

	/**
	 * One claim of a batch, whose turn on this consumer's thread has come. A claim held behind
	 * another handler is marked started in the database (until then a crash hands it back without
	 * counting the attempt, because nothing ran): within a few milliseconds, or, for a job handed
	 * back or retried before, before its handler starts ({@link StartMarks}).
	 */
	private void runHeld(RunningJob run, PendingSuccesses pending) {
		if (run.isFinished()) {
			// Given up while it waited (the watch handed it back behind an abandoned handler, or it was
			// cancelled or taken over): whoever gave it up recorded what was needed.
			log.debug("Job {} attempt {} was given up while it waited in a batch; not running it", run.jobId(),
					run.attempt());
			return;
		}
		if (run.stopReason() == RunningJob.StopReason.LEASE_LOST) {
			// Reclaimed while held (a pause longer than the lease): no longer ours to run or record.
			run.handBackUnstarted();
			log.warn("Job {} attempt {} was taken over while waiting in a batch; not running it", run.jobId(),
					run.attempt());
			return;
		}
		if (stopping.getAsBoolean()) {
			if (run.handBackUnstarted()) {
				database.call("hand back job " + run.jobId(), () -> recorder.abandon(run, FailurePolicy.Ending.SHUTDOWN,
						"The instance began to shut down before the attempt started"));
			}
			return;
		}
		if (run.needsStartMark() && run.job().attemptBase() == 0) {
			if (!run.begin()) {
				return; // the watch gave it up just now, and recorded it
			}
			ledger.startMarks().markSoon(run.attemptKey());
			metrics.started(type.name(), run.job().queueTime());
			execute(run, pending);
			return;
		}
		if (run.needsStartMark()) {
			// Handed back or retried before: its start is on record before it runs, so a job that kills
			// its worker as it starts is counted and cannot crash workers for ever.
			Optional<Boolean> cancelRequested = database.call("mark job " + run.jobId() + " started",
					() -> ledger.startMarks().mark(run.attemptKey()));
			if (cancelRequested.isEmpty()) {
				run.handBackUnstarted();
				log.warn("Job {} attempt {} was taken over while waiting in a batch; not running it", run.jobId(),
						run.attempt());
				return;
			}
			if (cancelRequested.get()) {
				if (run.handBackUnstarted()) {
					database.call("cancel job " + run.jobId(), () -> recorder.abandon(run, FailurePolicy.Ending.CANCELLED,
							"Cancelled while it waited in a delivery batch; its handler never started"));
				}
				return;
			}
		}
		if (!run.begin()) {
			return; // the watch gave it up just now, and recorded it
		}
		metrics.started(type.name(), run.job().queueTime());
		execute(run, pending);
	}

	/**
	 * One delivery on its own: claim, run, record.
	 * @return true to acknowledge the delivery, false to return it to the queue
	 */
	private boolean handleAlone(JobMessage jobMessage) {
		try {
			// One id per delivery: a claim retried after an ambiguous commit recognises its own win.
			UUID claimId = UUID.randomUUID();
			ClaimResult claim = database.call("claim job " + jobMessage.jobId(),
					() -> store.claims().claim(jobMessage, workerId, claimId, lease));
			if (!claim.won()) {
				explainLostClaim(jobMessage, claim);
				return true;
			}
			RunningJob run = new RunningJob(claim.job(), type, Thread.currentThread(), store, registry, payloads);
			running.add(run);
			try {
				if (stopping.getAsBoolean()) {
					// The stop began between the check above and the claim: hand it back without running it.
					if (run.finish()) {
						database.call("hand back job " + jobMessage.jobId(), () -> recorder.abandon(run,
								FailurePolicy.Ending.SHUTDOWN, "The instance began to shut down as the attempt was claimed"));
					}
				}
				else {
					if (run.begin()) { // false only if a shutdown handed it back in the meantime
						metrics.started(type.name(), claim.job().queueTime());
						execute(run, null);
					}
				}
			}
			finally {
				running.remove(run);
			}
			return true;
		}
		catch (DatabaseRetry.DatabaseUnavailableException ex) {
			// Shutting down while the database is away: give the delivery back untouched.
			log.warn("{}; returning the message to the queue", ex.getMessage());
			return false;
		}
		catch (RuntimeException ex) {
			// With manual acks the container would leave this delivery unacknowledged for ever. Give it
			// back: if the job moved on, the redelivery is ignored; if not, it is claimed again.
			log.error("Unexpected failure while handling the message for job {}; returning it to the queue",
					jobMessage.jobId(), ex);
			return false;
		}
	}

	/** Decodes a delivery; an unreadable one is acknowledged and dropped ({@code null}). */
	private JobMessage decodeOrDrop(Message message, Channel channel) throws IOException {
		try {
			return JobMessageCodec.decode(message);
		}
		catch (RuntimeException ex) {
			log.error("Dropping an unreadable message from queue {}: {}", topology.workQueue(type.name()), ex.getMessage());
			channel.basicAck(message.getMessageProperties().getDeliveryTag(), false);
			return null;
		}
	}

	private record Delivery(long tag, JobMessage message) {
	}

	private record Held(long tag, RunningJob run) {
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private void execute(RunningJob run, PendingSuccesses pending) {
		long started = System.nanoTime();
		Throwable failure = null;
		try {
			JobHandler handler = type.handler();
			Object payload = payloads.bind(type.name(), handler.payloadType(), payloads.readTree(run.job().payload()));
			handler.handle(payload, run);
		}
		catch (Throwable ex) {
			failure = ex;
		}
		finally {
			run.handlerReturned();
			Thread.interrupted(); // a stop request must not break the database calls that follow
		}
		Duration runTime = Duration.ofNanos(System.nanoTime() - started);
		if (!run.finish()) {
			log.warn("Job {} attempt {}: the handler returned after its attempt was already recorded (it outlived its "
					+ "timeout's grace or the shutdown); its outcome is discarded", run.jobId(), run.attempt());
			return;
		}
		if (failure == null && pending != null && recorder.batchable(run)) {
			pending.add(new AttemptRecorder.Returned(run, runTime));
			return;
		}
		Throwable outcome = failure;
		database.call("record the outcome of job " + run.jobId(), () -> recorder.record(run, outcome, runTime));
	}

	private void explainLostClaim(JobMessage message, ClaimResult claim) {
		if (claim.current() == null) {
			log.warn("Message for job {} names no job in the database (deleted?); dropping it", message.jobId());
		}
		else if (claim.early()) {
			log.info("Message for job {} came before its runAt; the relay will publish it when due", message.jobId());
		}
		else {
			log.debug("Ignoring a stale or duplicate message for job {} (attempt {}): the job is {}", message.jobId(),
					message.attempt(), claim.current());
		}
	}

}
