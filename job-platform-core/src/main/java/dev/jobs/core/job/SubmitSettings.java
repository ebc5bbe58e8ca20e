package dev.jobs.core.job;

/**
 * How {@code JobClient.submit} commits ({@code jobs.submit.*}).
 *
 * @param maxGroupSize the most {@code submit} calls made outside a transaction at the same time that share one
 * insert and one commit (group commit); 1 commits each on its own
 */
public record SubmitSettings(int maxGroupSize) {

	public static final int DEFAULT_MAX_GROUP_SIZE = 100;

	public SubmitSettings {
		if (maxGroupSize < 1 || maxGroupSize > 1000) {
			throw new IllegalArgumentException(
					"jobs.submit.max-group-size must be between 1 and 1000, was " + maxGroupSize);
		}
	}

	public static SubmitSettings defaults() {
		return new SubmitSettings(DEFAULT_MAX_GROUP_SIZE);
	}

}
