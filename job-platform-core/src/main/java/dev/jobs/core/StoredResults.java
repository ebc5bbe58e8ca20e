package dev.jobs.core;

/**
 * The result files that succeeded jobs still hold, for a type that limits them per submitter (the exports'
 * quota): a question for the core, which owns the job table and the {@code file} entry of a result, instead of
 * SQL on its tables.
 */
public interface StoredResults {

	/**
	 * Bytes of result files (the {@code file} entry of a result, {@code ResultFile}) that {@code createdBy}'s
	 * succeeded jobs hold: results stay stored until retention removes their job.
	 */
	long bytesHeldBy(String createdBy);

}
