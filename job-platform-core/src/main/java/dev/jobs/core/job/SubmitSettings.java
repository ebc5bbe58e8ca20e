package dev.jobs.core.job;

/**
 * How {@code JobClient.submit} commits ({@code jobs.submit.*}).
 *
 * @param maxGroupSize the most {@code submit} calls made outside a transaction at the same time that share one
 * insert and one commit (group commit); 1 commits each on its own
 * @param maxCommitsInFlight how many of those commits may run at once; a call that finds them all running queues
 * for the next
 */
public record SubmitSettings(int maxGroupSize, int maxCommitsInFlight) {

	public static final int DEFAULT_MAX_GROUP_SIZE = 100;

	public static final int DEFAULT_MAX_COMMITS_IN_FLIGHT = 2;

	public SubmitSettings {
		if (maxGroupSize < 1 || maxGroupSize > 1000) {
			throw new IllegalArgumentException(
					"jobs.submit.max-group-size must be between 1 and 1000, was " + maxGroupSize);
		}
		if (maxCommitsInFlight < 1) {
			throw new IllegalArgumentException(
					"jobs.submit.max-commits-in-flight must be at least 1, was " + maxCommitsInFlight);
		}
	}

	public static SubmitSettings defaults() {
		return new SubmitSettings(DEFAULT_MAX_GROUP_SIZE, DEFAULT_MAX_COMMITS_IN_FLIGHT);
	}

}
