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

	private final JobFanIn fanIn;

	public JobEndings(List<JobEndListener> listeners, JobQueries queries, JobFanIn fanIn) {
		this.listeners = List.copyOf(listeners);
		this.queries = queries;
		this.fanIn = fanIn;
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
		endAll(store, List.of(new AwaitingJobs.Ended(id, type, status)), null, transaction, submitter);
	}

	/**
	 * As {@link #ended(JobStore, UUID, String, JobStatus, TransactionStatus, Submitter)}, for a job whose batch and
	 * dependents its claim read: nothing is looked up.
	 */
	public void ended(JobStore store, Claim job, JobStatus status, TransactionStatus transaction, Submitter submitter) {
		endAll(store, List.of(new AwaitingJobs.Ended(job.id(), job.type(), status)), List.of(job.waited()), transaction,
				submitter);
	}

	/** Many jobs ended at once (a batch cancelled), in {@code transaction}: as {@link #ended} for each, counted together. */
	void endedAll(JobStore store, List<AwaitingJobs.Ended> ends, TransactionStatus transaction, Submitter submitter) {
		endAll(store, ends, null, transaction, submitter);
	}

	/**
	 * Jobs that succeeded together in one statement (a batch of deliveries), in {@code transaction}: what waits for
	 * them, counted together (their batches and dependents as their claims read them), then their listeners.
	 */
	public void succeededTogether(JobStore store, List<Claim> jobs, TransactionStatus transaction,
			Submitter submitter) {
		endAll(store, jobs.stream().map(j -> new AwaitingJobs.Ended(j.id(), j.type(), JobStatus.SUCCEEDED)).toList(),
				jobs.stream().map(Claim::waited).toList(), transaction, submitter);
	}

	/**
	 * The one way ends are told: the jobs waiting for them first (batch counts, callbacks, dependents), then the
	 * listeners; jobs that ended because of these (dependents and callbacks cancelled) are ended the same way in turn.
	 * @param known what the ended jobs' claims read of their batches and dependents, or {@code null}: look it up
	 */
	private void endAll(JobStore store, List<AwaitingJobs.Ended> ends, List<AwaitingJobs.Waited> known,
			TransactionStatus transaction, Submitter submitter) {
		if (ends.isEmpty()) {
			return;
		}
		java.util.Map<UUID, JobStatus> byId = new java.util.LinkedHashMap<>();
		ends.forEach(e -> byId.put(e.id(), e.status()));
		List<AwaitingJobs.Ended> consequences = (known != null) ? fanIn.ended(store, known.stream()
			.filter(w -> w.batchId() != null || w.hasDependents())
			.toList(), byId) : fanIn.ended(store, byId);
		ends.forEach(e -> tellListeners(store, e.id(), e.type(), e.status(), transaction, submitter));
		endAll(store, consequences, null, transaction, submitter);
	}

	/** A job as its claim read it: its batch (and shard) and whether others depended on it then. */
	public record Claim(UUID id, String type, UUID batchId, int batchShard, boolean hasDependents) {

		AwaitingJobs.Waited waited() {
			return new AwaitingJobs.Waited(id, type, batchId, batchShard, hasDependents);
		}

	}

	/** A failed or cancelled job was retried, in the current transaction: the jobs waiting for it wait again. */
	public void retried(JobStore store, UUID id, JobStatus previous) {
		fanIn.retried(store, id, previous);
	}

	/**
	 * Resolves waiting jobs whose ends did not (see {@link JobFanIn#sweep}), in {@code transaction}.
	 * @return how many jobs it resolved
	 */
	public int sweep(JobStore store, int limit, TransactionStatus transaction, Submitter submitter) {
		JobFanIn.Swept swept = fanIn.sweep(store, limit);
		for (AwaitingJobs.Ended next : swept.cancelled()) {
			ended(store, next.id(), next.type(), next.status(), transaction, submitter);
		}
		return swept.resolved();
	}

	private void tellListeners(JobStore store, UUID id, String type, JobStatus status, TransactionStatus transaction,
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
