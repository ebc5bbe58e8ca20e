package dev.jobs.core.delivery;

import java.time.Duration;

import dev.jobs.core.job.FailurePolicy.Ending;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Enforced timeouts: at the type's timeout the handler is interrupted; a handler that ignores the
 * interrupt (a blocked socket or JDBC call) keeps its attempt for {@code jobs.worker.timeout-grace}
 * more, then the attempt is recorded {@code TIMED_OUT}, its lease is no longer renewed and the job
 * moves on. A handler whose lease was lost and that ignores that interrupt past the grace is given up
 * the same way (its outcome would be refused anyway). Java cannot kill the thread; the fence refuses
 * its late outcome.
 *
 * <p>A claim held in a batch waits on its consumer's thread: when the platform gives up on the handler
 * that thread is in, the claims waiting behind it could never start. They are handed back at once,
 * unstarted and uncounted, so another consumer runs them. Runs on the worker watch's thread
 * ({@link WorkerWatch}).
 */
final class Timeouts {

	private static final Logger log = LoggerFactory.getLogger(Timeouts.class);

	private final RunningJobs running;

	private final AttemptRecorder recorder;

	private final Duration timeoutGrace;

	Timeouts(RunningJobs running, AttemptRecorder recorder, Duration timeoutGrace) {
		this.running = running;
		this.recorder = recorder;
		this.timeoutGrace = timeoutGrace;
	}

	/** One round: handlers past their timeout, and handlers that ignored the loss of their lease. */
	void enforce() {
		enforceTimeouts();
		giveUpHandlersThatIgnoredTheirLostLease();
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

}
