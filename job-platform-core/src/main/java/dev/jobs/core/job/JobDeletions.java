package dev.jobs.core.job;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.transaction.support.TransactionTemplate;

/**
 * Deletes ended jobs by hand, with their result files: in one transaction, locks those of the jobs asked for
 * that have ended (a waiting or running job must be cancelled first), removes each one's result file, then the
 * rows whose file is gone, as retention does. A job whose file could not be removed is kept.
 */
public class JobDeletions {

	private static final Logger log = LoggerFactory.getLogger(JobDeletions.class);

	private final EndedJobs endedJobs;

	private final ResultFiles results;

	private final TransactionTemplate transaction;

	/**
	 * Removes a job's result file before its row goes (the result package's {@code ResultStorage}, given by the
	 * auto-configuration, so the job model does not depend on it); throws if it could not, and the job is kept.
	 */
	@FunctionalInterface
	public interface ResultFiles {

		void delete(UUID jobId) throws IOException;

	}

	/**
	 * @param results result files, removed with their jobs; {@code null} when results are not stored
	 * @param transaction on the application's DataSource, as the store
	 */
	public JobDeletions(ApplicationJobStore store, ResultFiles results, TransactionTemplate transaction) {
		this.endedJobs = store.endedJobs();
		this.results = results;
		this.transaction = transaction;
	}

	/** @return how many of the jobs were deleted */
	int deleteEnded(Collection<UUID> ids) {
		return transaction.execute(status -> {
			List<UUID> finished = endedJobs.lockFinished(ids);
			List<UUID> deletable = new ArrayList<>(finished.size());
			for (UUID id : finished) {
				try {
					if (results != null) {
						results.delete(id);
					}
					deletable.add(id);
				}
				catch (IOException | RuntimeException ex) {
					log.warn("Could not delete the result file of job {}: {}; the job is kept", id, ex.getMessage());
				}
			}
			return endedJobs.delete(deletable);
		});
	}

}
