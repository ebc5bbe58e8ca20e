package dev.jobs.core.delivery;

import dev.jobs.core.JobStatus;
import dev.jobs.core.job.JobMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Why a delivery's claim found nothing to run. Whatever the reason, the delivery is acknowledged and
 * dropped: there is nothing this message could still start (a job that is due later is the relay's to
 * publish again, a stale attempt's message is a duplicate).
 */
enum LostClaim {

	/** The message names no job row (deleted meanwhile). */
	NO_SUCH_JOB,
	/** The message came before the job's {@code runAt}; the claim handed the job back to the relay. */
	TOO_EARLY,
	/** The job moved on (another attempt, another worker, ended): a stale or duplicate message. */
	STALE_OR_DUPLICATE;

	private static final Logger log = LoggerFactory.getLogger(JobWorker.class);

	/**
	 * @param current the job's status when the claim was refused, {@code null} if no row exists
	 * @param early whether the claim was refused only because the job is not due yet
	 */
	static LostClaim of(JobStatus current, boolean early) {
		if (current == null) {
			return NO_SUCH_JOB;
		}
		return early ? TOO_EARLY : STALE_OR_DUPLICATE;
	}

	void log(JobMessage message, JobStatus current) {
		switch (this) {
			case NO_SUCH_JOB ->
				log.warn("Message for job {} names no job in the database (deleted?); dropping it", message.jobId());
			case TOO_EARLY ->
				log.info("Message for job {} came before its runAt; the relay will publish it when due", message.jobId());
			case STALE_OR_DUPLICATE -> log.debug("Ignoring a stale or duplicate message for job {} (attempt {}): the job is {}",
					message.jobId(), message.attempt(), current);
		}
	}

}
