package dev.jobs.core.delivery;

import java.time.Duration;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import com.rabbitmq.client.Channel;
import dev.jobs.core.JobHandler;
import dev.jobs.core.job.FailurePolicy;
import dev.jobs.core.job.JobMessage;
import dev.jobs.core.job.JobStore;
import dev.jobs.core.job.JobStore.ClaimResult;
import dev.jobs.core.job.JobTypeRegistry;
import dev.jobs.core.job.Payloads;
import dev.jobs.core.job.RegisteredJobType;
import dev.jobs.core.metrics.JobMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.listener.api.ChannelAwareMessageListener;

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
class JobWorker implements ChannelAwareMessageListener {

	private static final Logger log = LoggerFactory.getLogger(JobWorker.class);

	private final RegisteredJobType type;

	private final JobStore store;

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

	JobWorker(RegisteredJobType type, JobStore store, JobTypeRegistry registry, Payloads payloads, JobTopology topology,
			AttemptRecorder recorder, RunningJobs running, BooleanSupplier stopping, String workerId, Duration lease,
			JobMetrics metrics) {
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
		JobMessage jobMessage;
		try {
			jobMessage = JobMessageCodec.decode(message);
		}
		catch (RuntimeException ex) {
			log.error("Dropping an unreadable message from queue {}: {}", topology.workQueue(type.name()), ex.getMessage());
			channel.basicAck(tag, false);
			return;
		}
		if (stopping.getAsBoolean()) {
			// Shutting down: another instance (or this one after a restart) takes it. Nothing was claimed.
			channel.basicNack(tag, false, true);
			return;
		}
		try {
			// One id per delivery: a claim retried after an ambiguous commit recognises its own win.
			UUID claimId = UUID.randomUUID();
			ClaimResult claim = database.call("claim job " + jobMessage.jobId(),
					() -> store.claim(jobMessage, workerId, claimId, lease));
			if (!claim.won()) {
				explainLostClaim(jobMessage, claim);
				channel.basicAck(tag, false);
				return;
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
					metrics.started(type.name(), claim.job().queueTime());
					execute(run);
				}
			}
			finally {
				running.remove(run);
			}
			channel.basicAck(tag, false);
		}
		catch (DatabaseRetry.DatabaseUnavailableException ex) {
			// Shutting down while the database is away: give the delivery back untouched.
			log.warn("{}; returning the message to the queue", ex.getMessage());
			channel.basicNack(tag, false, true);
		}
		catch (RuntimeException ex) {
			// With manual acks the container would leave this delivery unacknowledged for ever. Give it
			// back: if the job moved on, the redelivery is ignored; if not, it is claimed again.
			log.error("Unexpected failure while handling the message for job {}; returning it to the queue",
					jobMessage.jobId(), ex);
			channel.basicNack(tag, false, true);
		}
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private void execute(RunningJob run) {
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
			Thread.interrupted(); // a stop request must not break the database calls that follow
		}
		Duration runTime = Duration.ofNanos(System.nanoTime() - started);
		if (!run.finish()) {
			log.warn("Job {} attempt {}: the handler returned after its attempt was already recorded (it outlived its "
					+ "timeout's grace or the shutdown); its outcome is discarded", run.jobId(), run.attempt());
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
