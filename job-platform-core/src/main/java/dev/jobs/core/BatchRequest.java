package dev.jobs.core;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * A batch to submit: its members, its callbacks (jobs released when the batch reaches their condition) and a
 * description of your own. Build one with {@link JobClient#batch()}.
 *
 * @param description shown with the batch and to its callbacks' handlers (at most 500 characters)
 * @param createdBy who submits, as {@link SubmitOptions#createdBy()}; members and callbacks are submitted by
 * this user unless their own options name one
 * @param sealed whether members may add members while they run ({@link JobContext#addToBatch}); a sealed
 * batch refuses
 * @param members the jobs of the batch, at least one
 * @param callbacks the callback jobs, at most one per kind
 */
public record BatchRequest(String description, String createdBy, boolean sealed, List<JobClient.JobRequest> members,
		Map<BatchCallback, JobClient.JobRequest> callbacks) {

	/** The most members one request may carry; add more from inside members, or submit several batches. */
	public static final int MAX_MEMBERS = 100_000;

	public BatchRequest {
		members = List.copyOf(members);
		callbacks = callbacks.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(callbacks));
	}

}
