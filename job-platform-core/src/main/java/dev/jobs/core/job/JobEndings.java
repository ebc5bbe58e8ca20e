package dev.jobs.core.job;

import java.util.List;
import java.util.UUID;

import dev.jobs.core.JobEndListener;
import dev.jobs.core.JobStatus;
import dev.jobs.core.JobView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.transaction.TransactionStatus;

/**
 * Calls the application's {@link JobEndListener}s in the transaction that records a job's end. Each
 * listener runs behind a savepoint: one that throws loses its own follow-ups, never the job's end.
 */
public class JobEndings {

	private static final Logger log = LoggerFactory.getLogger(JobEndings.class);

	private final List<JobEndListener> listeners;

	private final JobQueries queries;

	public JobEndings(List<JobEndListener> listeners, JobQueries queries) {
		this.listeners = List.copyOf(listeners);
		this.queries = queries;
	}

	/**
	 * Whether some listener is about a job of {@code type} ending in {@code status}: only then does its
	 * end run in a transaction of its own and the ended job get read.
	 */
	public boolean anyAbout(String type, JobStatus status) {
		return listeners.stream().anyMatch(l -> l.isAbout(type, status));
	}

	/**
	 * The job {@code id} of {@code type} has just ended in {@code status}, in the transaction
	 * {@code transaction} on {@code store}; follow-ups are submitted there by {@code submitter}.
	 */
	public void ended(JobStore store, UUID id, String type, JobStatus status, TransactionStatus transaction,
			Submitter submitter) {
		List<JobEndListener> about = listeners.stream().filter(l -> l.isAbout(type, status)).toList();
		if (about.isEmpty()) {
			return;
		}
		JobView job = store.reads().find(id).map(queries::view).orElseThrow();
		for (JobEndListener listener : about) {
			Object savepoint = transaction.createSavepoint();
			try {
				listener.onJobEnded(job, (followUpType, payload, options) -> submitter.submitWithin(store,
						followUpType, payload, options));
				transaction.releaseSavepoint(savepoint);
			}
			catch (RuntimeException ex) {
				transaction.rollbackToSavepoint(savepoint);
				log.error("Job end listener {} failed for job {} ({}, {}): {}. The job's end is recorded; this "
						+ "listener's follow-up jobs were not created", listener.getClass().getName(), id, job.type(),
						job.status(), ex.getMessage(), ex);
			}
		}
	}

	/** How follow-ups are submitted in the ending's transaction. */
	@FunctionalInterface
	public interface Submitter {

		dev.jobs.core.JobClient.Submission submitWithin(JobStore store, String type, Object payload,
				dev.jobs.core.SubmitOptions options);

	}

}
