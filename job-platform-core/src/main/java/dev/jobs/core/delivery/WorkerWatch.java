package dev.jobs.core.delivery;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import dev.jobs.core.job.FailurePolicy.Ending;
import dev.jobs.core.job.EngineJobStore;
import dev.jobs.core.job.JobClaims.LeaseRenewal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker watch: one thread per instance that renews the leases of this instance's claims,
 * enforces timeouts, stops handlers whose lease is gone, and records successes that waited too long
 * in their batch.
 *
 * <p>A claim held in a batch waits on its consumer's thread. When the platform gives up on the
 * handler that thread is in (it ignored its timeout's interrupt past the grace, or its lease was
 * lost and it ignored that interrupt too), the claims waiting behind it could never start: they are
 * handed back at once, unstarted and uncounted, so another consumer runs them. The heartbeat renews
 * only what runs or is really about to run; a held claim that was cancelled ends cancelled without
 * running, and one that was taken over is dropped.
 */
final class WorkerWatch {

	private static final Logger log = LoggerFactory.getLogger(WorkerWatch.class);

	/** How long a returned handler's success may wait for the rest of its batch before it is recorded alone. */
	static final Duration FLUSH_AFTER = Duration.ofMillis(50);

	private final RunningJobs running;

	private final BatchLedger ledger;

	private final EngineJobStore store;

	private final AttemptRecorder recorder;

	private final String workerId;

	private final Duration lease;

	private final Duration heartbeatInterval;

	private final Duration timeoutGrace;

	private long lastHeartbeat = System.nanoTime();

	WorkerWatch(RunningJobs running, BatchLedger ledger, EngineJobStore store, AttemptRecorder recorder,
			DeliverySettings settings) {
		this.running = running;
		this.ledger = ledger;
		this.store = store;
		this.recorder = recorder;
		this.workerId = settings.workerId();
		this.lease = settings.lease();
		this.heartbeatInterval = settings.heartbeatInterval();
		this.timeoutGrace = settings.timeoutGrace();
	}

	/** How often {@link #tick()} should run. */
	Duration tickInterval() {
		return Duration.ofMillis(Math.min(heartbeatInterval.toMillis(), 250));
	}

	/** One round: timeouts and abandoned handlers every tick, leases every heartbeat interval. */
	void tick() {
		try {
			enforceTimeouts();
			giveUpHandlersThatIgnoredTheirLostLease();
			long now = System.nanoTime();
			if (now - lastHeartbeat >= heartbeatInterval.toNanos()) {
				lastHeartbeat = now;
				heartbeat();
			}
		}
		catch (RuntimeException ex) {
			log.warn("Worker watch round failed: {}; it runs again", ex.getMessage());
		}
	}

	/**
	 * Records successes that have waited in their batch behind a longer handler. One try: if the
	 * database is away the batch's own thread records them with its retries.
	 */
	void flushOverdueSuccesses() {
		for (PendingSuccesses pending : ledger.openBatches()) {
			try {
				pending.flushIfOverdue(FLUSH_AFTER.toNanos(), recorder::succeedAll);
			}
			catch (RuntimeException ex) {
				log.debug("Could not record the successes held in a batch yet: {}", ex.getMessage());
			}
		}
	}

	/**
	 * Writes the start marks queued by consumers whose held claims started. One try: what the
	 * database refuses stays queued for the next round.
	 */
	void writeStartMarks() {
		try {
			ledger.startMarks().writeQueued();
		}
		catch (RuntimeException ex) {
			log.debug("Could not write the start marks of held claims yet: {}", ex.getMessage());
		}
	}

	private void enforceTimeouts() {
		long now = System.nanoTime();
		for (RunningJob run : running.all()) {
			long over = run.overtimeNanos(now);
			if (over < 0 || run.isFinished()) {
				continue;
			}
			run.stop(RunningJob.StopReason.TIMED_OUT);
			if (over >= timeoutGrace.toNanos() && run.finish()) {
				Duration timeout = run.registeredType().settings().timeout();
				log.error("Job {} ({}) attempt {} ignored its timeout of {} for {} more: recording it TIMED_OUT and "
						+ "giving up its lease. Its handler thread may still be blocked; make the handler respond "
						+ "to interrupts or JobContext.isCancellationRequested()", run.jobId(), run.type(), run.attempt(),
						timeout, timeoutGrace);
				try {
					recorder.abandon(run, Ending.TIMED_OUT, "Attempt exceeded the type's timeout of " + timeout
							+ " and did not stop within " + timeoutGrace + " of its interrupt; abandoned");
				}
				finally {
					running.remove(run);
				}
				handBackClaimsWaitingBehind(run);
			}
		}
	}

	/**
	 * A handler whose lease was lost (its job was taken over) and that ignores the interrupt for
	 * longer than the grace: its outcome would be refused anyway, so it leaves the running set, and
	 * the claims of its batch waiting behind it go back.
	 */
	private void giveUpHandlersThatIgnoredTheirLostLease() {
		long now = System.nanoTime();
		for (RunningJob run : running.all()) {
			if (run.stopReason() != RunningJob.StopReason.LEASE_LOST || !run.started() || run.hasReturned()
					|| run.nanosSinceStopAsked(now) < timeoutGrace.toNanos()) {
				continue;
			}
			if (run.finish()) {
				log.error("Job {} ({}) attempt {} lost its lease and its handler ignored the interrupt for {}; giving "
						+ "it up (another worker has the job). Its handler thread may still be blocked",
						run.jobId(), run.type(), run.attempt(), timeoutGrace);
				running.remove(run);
				handBackClaimsWaitingBehind(run);
			}
		}
	}

	/**
	 * Hands back the claims of a batch that wait on the thread of a handler the platform gave up on:
	 * they could only start once that handler returns, which may be never.
	 */
	private void handBackClaimsWaitingBehind(RunningJob abandoned) {
		for (RunningJob held : running.all()) {
			if (held == abandoned || held.thread() != abandoned.thread() || !held.handBackUnstarted()) {
				continue;
			}
			try {
				recorder.abandon(held, Ending.NEVER_STARTED, "Waited in a delivery batch behind job "
						+ abandoned.jobId() + ", whose handler did not stop when asked; handed back unstarted, "
						+ "the attempt is not counted");
				log.warn("Job {} ({}) attempt {} waited in a batch behind job {}, which was given up: handed back "
						+ "without running, another consumer takes it", held.jobId(), held.type(), held.attempt(),
						abandoned.jobId());
			}
			catch (RuntimeException ex) {
				// Its lease is no longer renewed: the reaper hands it back, uncounted, when it runs out.
				log.warn("Could not hand back job {} yet ({}); the lease reaper does when its lease runs out",
						held.jobId(), ex.getMessage());
			}
			finally {
				running.remove(held);
			}
		}
	}

	/**
	 * Renews the leases of all attempts whose outcome is not yet committed, and of the claims
	 * waiting in a batch, in one statement; passes on cancellations, and stops handlers whose lease
	 * is gone (their outcome would be refused). A waiting claim that was cancelled ends cancelled
	 * without running; one that is no longer this worker's is dropped.
	 */
	void heartbeat() {
		if (running.isEmpty()) {
			return;
		}
		// Only the attempts sent are judged: one claimed while the statement ran is renewed next time.
		List<RunningJob> sent = List.copyOf(running.all());
		LeaseRenewal renewal;
		try {
			renewal = store.claims().renewLeases(workerId, sent.stream().map(RunningJob::attemptKey).toList(), lease);
		}
		catch (RuntimeException ex) {
			log.warn("Could not renew the leases of {} running job(s): {}. If this lasts longer than {}, "
					+ "other instances will take them over", running.size(), ex.getMessage(), lease);
			return;
		}
		for (UUID id : renewal.cancelRequested()) {
			RunningJob run = running.get(id);
			if (run == null) {
				continue;
			}
			if (run.handBackUnstarted()) {
				try {
					recorder.abandon(run, Ending.CANCELLED, "Cancelled while it waited in a delivery batch; its "
							+ "handler never started");
				}
				finally {
					running.remove(run);
				}
			}
			else {
				run.stop(RunningJob.StopReason.CANCELLED);
			}
		}
		for (RunningJob run : sent) {
			if (renewal.renewed().contains(run.jobId()) || run.isFinished()) {
				continue;
			}
			if (run.handBackUnstarted()) {
				log.warn("Job {} attempt {} was taken over while it waited in a batch (its lease ran out); not "
						+ "running it", run.jobId(), run.attempt());
				running.remove(run);
			}
			else {
				log.warn("Job {} attempt {} is no longer this worker's (its lease ran out and it was reclaimed); "
						+ "stopping its handler", run.jobId(), run.attempt());
				run.stop(RunningJob.StopReason.LEASE_LOST);
			}
		}
	}

}
