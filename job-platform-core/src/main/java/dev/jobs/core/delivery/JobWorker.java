package dev.jobs.core.delivery;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import com.rabbitmq.client.Channel;
import dev.jobs.core.JobHandler;
import dev.jobs.core.delivery.BatchDeliveries.Delivery;
import dev.jobs.core.job.FailurePolicy.Ending;
import dev.jobs.core.job.JobMessage;
import dev.jobs.core.job.JobMetrics;
import dev.jobs.core.job.JobTracing;
import dev.jobs.core.job.JobClaims.ClaimResult;
import dev.jobs.core.job.LimitedClaims;
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
 *
 * <p>The decisions are small classes of their own, each with its unit test: what a lost claim means
 * ({@link LostClaim}), what a held claim does when its turn comes ({@link HeldClaim}), how an outcome
 * is recorded ({@link OutcomeRecording}), which deliveries share the batch's claim
 * ({@link BatchDeliveries}) and how a batch is acknowledged ({@link Settlement}).
 */
class JobWorker implements ChannelAwareBatchMessageListener {

	private static final Logger log = LoggerFactory.getLogger(JobWorker.class);

	private final RegisteredJobType type;

	private final WorkerClaims claims;

	private final AttemptRecorder recorder;

	private final BatchLedger ledger;

	private final JobMetrics metrics;

	private final JobTracing tracing;

	private final BooleanSupplier stopping;

	private final DatabaseRetry database;

	private final String queue;

	private final ClaimLimits limits;

	JobWorker(RegisteredJobType type, WorkerClaims claims, AttemptRecorder recorder, BatchLedger ledger,
			JobMetrics metrics, BooleanSupplier stopping, JobTopology topology) {
		this.limits = claims.limits();
		this.type = type;
		this.claims = claims;
		this.recorder = recorder;
		this.ledger = ledger;
		this.metrics = metrics;
		this.tracing = metrics.tracing();
		this.stopping = stopping;
		this.database = new DatabaseRetry(stopping);
		this.queue = topology.workQueue(type.name());
	}

	@Override
	public void onMessage(Message message, Channel channel) throws IOException {
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
			if (messages.size() == 1) {
				onMessage(messages.get(0), channel);
			}
			else if (!messages.isEmpty()) {
				handleBatch(messages, channel);
			}
		}
		catch (IOException ex) {
			// The channel broke: the container recovers, the unacknowledged deliveries come again.
			throw new UncheckedIOException(ex);
		}
	}

	private void handleBatch(List<Message> messages, Channel channel) throws IOException {
		Settlement settlement = new Settlement(channel, messages);
		List<Delivery> readable = new ArrayList<>(messages.size());
		for (Message message : messages) {
			JobMessage jobMessage = decodeOrDrop(message, channel);
			long tag = message.getMessageProperties().getDeliveryTag();
			if (jobMessage == null) {
				settlement.settledAlone(tag);
			}
			else {
				readable.add(new Delivery(tag, jobMessage));
			}
		}
		BatchDeliveries batch = BatchDeliveries.sort(readable);
		if (batch.distinct().isEmpty()) {
			return;
		}
		if (stopping.getAsBoolean()) {
			settlement.returnOutstanding();
			return;
		}
		List<Held> held = new ArrayList<>(batch.distinct().size());
		boolean limited = limits.applies(type);
		try {
			UUID claimId = UUID.randomUUID();
			List<JobMessage> claimed = batch.distinctMessages();
			long claimStarted = tracing.enabled() ? tracing.nowMicros() : 0;
			List<ClaimResult> results = database.call("claim " + claimed.size() + " jobs of type " + type.name(),
					() -> limited ? claims.claimAllWithinLimits(claimed, claimId, type) : claims.claimAll(claimed, claimId));
			if (results == null) {
				// Limited, and the whole batch does not fit (or its starts are metered): one delivery at a time.
				handleOneByOne(readable, settlement, channel);
				return;
			}
			for (int i = 0; i < results.size(); i++) {
				ClaimResult claim = results.get(i);
				if (claim.won() && tracing.enabled()) {
					tracing.claimed(claim.job(), claimStarted); // one claim statement, a span in each job's trace
				}
				if (claim.won()) {
					held.add(new Held(batch.distinct().get(i).tag(), claims.hold(claim.job(), type)));
				}
				else {
					LostClaim.of(claim.current(), claim.early()).log(claimed.get(i), claim.current());
				}
			}
		}
		catch (RuntimeException ex) {
			log.warn("Could not claim a batch of {} message(s) of type {} ({}); returning them to the queue",
					batch.distinct().size(), type.name(), ex.getMessage());
			settlement.returnOutstanding();
			return;
		}
		PendingSuccesses pending = new PendingSuccesses(claims.running());
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
					settlement.returnAlone(h.tag());
				}
			}
			database.call("record " + type.name() + " successes", () -> {
				pending.flush(returned -> ledger.recordSuccesses(recorder, returned));
				return null;
			});
			for (Delivery duplicate : batch.duplicates()) {
				if (!handleAlone(duplicate.message())) {
					settlement.returnAlone(duplicate.tag());
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
			held.forEach(h -> claims.release(h.run()));
		}
		settlement.ackOutstanding();
	}

	/**
	 * A limited type's batch: each delivery claimed on its own when the limits allow, run, recorded and
	 * acknowledged before the next is claimed. A batch claim would hold slots (and spend starts) for deliveries
	 * that wait behind the first handler.
	 */
	private void handleOneByOne(List<Delivery> deliveries, Settlement settlement, Channel channel) throws IOException {
		for (Delivery delivery : deliveries) {
			boolean done = !stopping.getAsBoolean() && handleAlone(delivery.message());
			if (done) {
				channel.basicAck(delivery.tag(), false);
				settlement.settledAlone(delivery.tag());
			}
			else {
				settlement.returnAlone(delivery.tag());
			}
		}
	}

	/**
	 * Claims a limited type's job once its limits allow, asking again as told while they hold it back (the job
	 * stays waiting, uncharged, its delivery unacknowledged).
	 * @return the claim's answer, or {@code null} when the instance stops or the type is paused meanwhile: the
	 * delivery goes back untouched
	 */
	private ClaimResult claimWithinLimits(JobMessage jobMessage, UUID claimId) {
		boolean counted = false;
		while (true) {
			LimitedClaims.Verdict verdict = database.call("claim job " + jobMessage.jobId() + " within its type's limits",
					() -> claims.claimWithinLimits(jobMessage, claimId, type));
			if (!verdict.held()) {
				return verdict.claim();
			}
			if (!counted) {
				metrics.claimHeldByLimit(type.name(), verdict.limit());
				counted = true;
			}
			if (stopping.getAsBoolean() || limits.paused(type.name())) {
				return null;
			}
			try {
				Thread.sleep(ClaimLimits.sleepMillis(verdict.waitFor()));
			}
			catch (InterruptedException ex) {
				return null; // the container stops its consumers: give the delivery back
			}
		}
	}

	/** One claim of a batch, whose turn on this consumer's thread has come; see {@link HeldClaim}. */
	private void runHeld(RunningJob run, PendingSuccesses pending) {
		HeldClaim step = HeldClaim.next(run.isFinished(), run.stopReason() == RunningJob.StopReason.LEASE_LOST,
				stopping.getAsBoolean(), !run.needsStartMark(), run.job().attemptBase());
		if (step == HeldClaim.MARK_THEN_START) {
			Optional<Boolean> cancelRequested = database.call("mark job " + run.jobId() + " started",
					() -> ledger.startMarks().mark(run.attemptKey()));
			step = HeldClaim.afterMark(cancelRequested);
		}
		switch (step) {
			case MARK_THEN_START -> throw new IllegalStateException("decided after the mark");
			case SKIP -> log.debug("Job {} attempt {} was given up while it waited in a batch; not running it",
					run.jobId(), run.attempt());
			case DROP_TAKEN_OVER -> {
				run.handBackUnstarted();
				log.warn("Job {} attempt {} was taken over while waiting in a batch; not running it", run.jobId(),
						run.attempt());
			}
			case HAND_BACK_FOR_SHUTDOWN -> {
				if (run.handBackUnstarted()) {
					database.call("hand back job " + run.jobId(), () -> recorder.abandon(run, Ending.SHUTDOWN,
							"The instance began to shut down before the attempt started"));
				}
			}
			case CANCEL -> {
				if (run.handBackUnstarted()) {
					database.call("cancel job " + run.jobId(), () -> recorder.abandon(run, Ending.CANCELLED,
							"Cancelled while it waited in a delivery batch; its handler never started"));
				}
			}
			case START_AND_MARK_SOON, START -> {
				if (!run.begin()) {
					return; // the watch gave it up just now, and recorded it
				}
				if (step == HeldClaim.START_AND_MARK_SOON) {
					ledger.startMarks().markSoon(run.attemptKey());
				}
				metrics.started(type.name(), run.job().queueTime());
				execute(run, pending);
			}
		}
	}

	/**
	 * One delivery on its own: claim, run, record.
	 * @return true to acknowledge the delivery, false to return it to the queue
	 */
	private boolean handleAlone(JobMessage jobMessage) {
		try {
			UUID claimId = UUID.randomUUID();
			long claimStarted = tracing.enabled() ? tracing.nowMicros() : 0;
			ClaimResult claim = limits.applies(type) ? claimWithinLimits(jobMessage, claimId)
					: database.call("claim job " + jobMessage.jobId(), () -> claims.claim(jobMessage, claimId));
			if (claim == null) {
				return false;
			}
			if (!claim.won()) {
				LostClaim.of(claim.current(), claim.early()).log(jobMessage, claim.current());
				return true;
			}
			if (tracing.enabled()) {
				// The trace is known only once the claim read the row: the span is made afterwards, from its start.
				tracing.claimed(claim.job(), claimStarted);
			}
			RunningJob run = claims.hold(claim.job(), type);
			try {
				if (stopping.getAsBoolean()) {
					// The stop began between the check above and the claim: hand it back without running it.
					if (run.finish()) {
						database.call("hand back job " + jobMessage.jobId(), () -> recorder.abandon(run,
								Ending.SHUTDOWN, "The instance began to shut down as the attempt was claimed"));
					}
				}
				else if (run.begin()) { // false only if a shutdown handed it back in the meantime
					metrics.started(type.name(), claim.job().queueTime());
					execute(run, null);
				}
			}
			finally {
				claims.release(run);
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
			log.error("Dropping an unreadable message from queue {}: {}", queue, ex.getMessage());
			channel.basicAck(message.getMessageProperties().getDeliveryTag(), false);
			return null;
		}
	}

	private record Held(long tag, RunningJob run) {
	}

	/** Runs the handler on this thread, then records its outcome ({@code pending}: the batch's, or null). */
	private void execute(RunningJob run, PendingSuccesses pending) {
		// The attempt's span, under the context stored with the job: current while the handler runs and its
		// outcome is recorded, so the handler's own spans, a retry's publish and follow-ups are its children.
		JobTracing.Traced traced = tracing.attempt(run.job());
		if (tracing.enabled()) {
			run.traceContext(traced.context());
		}
		try {
			traced.tag("jobs.outcome", runAndRecord(run, pending, traced));
		}
		finally {
			traced.close();
		}
	}

	/** @return the attempt's outcome as its span's tag */
	@SuppressWarnings({ "unchecked", "rawtypes" })
	private String runAndRecord(RunningJob run, PendingSuccesses pending, JobTracing.Traced traced) {
		long started = System.nanoTime();
		Throwable failure = null;
		try {
			JobHandler handler = type.handler();
			handler.handle(run.boundPayload(), run);
		}
		catch (Throwable ex) {
			failure = ex;
		}
		finally {
			run.handlerReturned();
			Thread.interrupted(); // a stop request must not break the database calls that follow
		}
		Duration runTime = Duration.ofNanos(System.nanoTime() - started);
		if (failure != null) {
			traced.error(failure);
		}
		boolean ownsOutcome = run.finish();
		switch (OutcomeRecording.of(ownsOutcome, failure == null, pending != null,
				ownsOutcome && failure == null && pending != null && recorder.batchable(run))) {
			case DISCARD -> {
				log.warn("Job {} attempt {}: the handler returned after its attempt was already recorded "
						+ "(it outlived its timeout's grace or the shutdown); its outcome is discarded", run.jobId(),
						run.attempt());
				return "discarded";
			}
			case WITH_THE_BATCH -> {
				pending.add(new AttemptRecorder.Returned(run, runTime));
				return "succeeded"; // recorded with the batch, after this span ends
			}
			case ALONE -> {
				Throwable outcome = failure;
				database.call("record the outcome of job " + run.jobId(), () -> recorder.record(run, outcome, runTime));
				JobMetrics.Outcome recorded = run.outcome();
				if (!tracing.enabled()) {
					return null;
				}
				return (recorded != null) ? recorded.name().toLowerCase(java.util.Locale.ROOT) : "lost";
			}
		}
		return "unknown";
	}

}
