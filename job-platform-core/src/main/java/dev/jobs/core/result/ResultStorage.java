package dev.jobs.core.result;

import java.io.IOException;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import org.springframework.core.io.Resource;

/**
 * Where jobs keep the files they produce (exports, reports). One file per job, named by the
 * platform after the job id, never after anything a user sent.
 *
 * <p>A file becomes visible only when its writer {@linkplain ResultWriter#commit() commits}:
 * readers never see a half-written file, and a writer closed without committing (the handler
 * failed or was cancelled) leaves nothing behind. Committing again for the same job (a retried
 * attempt) replaces the earlier file.
 *
 * <p>The platform registers {@link LocalDirectoryResultStorage} unless the application declares
 * a bean of its own (shared volume, object store).
 */
public interface ResultStorage {

	/**
	 * Starts writing the result file of a job.
	 * @param jobId the job the file belongs to
	 * @return a writer; close it in a finally block or try-with-resources
	 * @throws IOException if the storage cannot take a new file
	 */
	ResultWriter create(UUID jobId) throws IOException;

	/**
	 * The committed result file of a job.
	 * @return the file, or empty if there is none (never written, deleted or expired)
	 */
	Optional<Resource> open(UUID jobId) throws IOException;

	/**
	 * Deletes the result file of a job.
	 * @return whether there was a file to delete
	 */
	boolean delete(UUID jobId) throws IOException;

	/**
	 * Deletes files that were started but never committed and were last written before
	 * {@code cutoff}: left by an instance that died mid-write.
	 * @return how many were deleted
	 */
	default int deleteAbandoned(Instant cutoff) throws IOException {
		return 0;
	}

}
