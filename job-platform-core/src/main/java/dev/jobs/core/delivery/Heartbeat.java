package dev.jobs.core.delivery;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import dev.jobs.core.job.FailurePolicy.Ending;
import dev.jobs.core.job.EngineJobStore;
import dev.jobs.core.job.JobClaims.LeaseRenewal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The heartbeat: renews, in one statement, the leases of this worker's attempts whose outcome is not
 * yet committed, and of the claims waiting in a batch (they are about to run); passes cancel requests
 * on to the handlers; and stops the handlers whose lease is gone, whose outcome would be refused. A
 * waiting claim that was cancelled ends cancelled without running; one that is no longer this
 * worker's is dropped. Runs on the worker watch's thread ({@link WorkerWatch}).
 */
final class Heartbeat {

	private static final Logger log = LoggerFactory.getLogger(Heartbeat.class);

	private final RunningJobs running;

	private final EngineJobStore store;

	private final AttemptRecorder recorder;

	private final String workerId;

	private final Duration lease;

	Heartbeat(RunningJobs running, EngineJobStore store, AttemptRecorder recorder, String workerId, Duration lease) {
		this.running = running;
		this.store = store;
		this.recorder = recorder;
		this.workerId = workerId;
		this.lease = lease;
	}

	/**
	 * Renews the leases of all attempts whose outcome is not yet committed, and of the claims
	 * waiting in a batch, in one statement; passes on cancellations, and stops handlers whose lease
	 * is gone (their outcome would be refused). A waiting claim that was cancelled ends cancelled
	 * without running; one that is no longer this worker's is dropped.
	 */
	void beat() {
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
