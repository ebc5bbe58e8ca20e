package dev.jobs.core.autoconfigure;

import dev.jobs.core.job.SubmitSettings;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** How {@code JobClient.submit} commits ({@code jobs.submit.*}). */
@ConfigurationProperties("jobs.submit")
public class JobsSubmitProperties {

	/**
	 * The most submit calls made outside a transaction at the same time that share one insert and one commit
	 * (group commit: a lone call commits at once; calls arriving while a commit is in flight share the next); 1
	 * commits each on its own. Calls inside a caller's transaction always join that transaction instead.
	 */
	private int maxGroupSize = SubmitSettings.DEFAULT_MAX_GROUP_SIZE;

	/**
	 * How many of those commits may run at once (each on its caller's thread); a call that finds them all running
	 * queues for the next. 1 serialises them: two callers would wait for each other's commits.
	 */
	private int maxCommitsInFlight = SubmitSettings.DEFAULT_MAX_COMMITS_IN_FLIGHT;

	public int getMaxCommitsInFlight() {
		return maxCommitsInFlight;
	}

	public void setMaxCommitsInFlight(int maxCommitsInFlight) {
		this.maxCommitsInFlight = maxCommitsInFlight;
	}

	public int getMaxGroupSize() {
		return maxGroupSize;
	}

	public void setMaxGroupSize(int maxGroupSize) {
		this.maxGroupSize = maxGroupSize;
	}

}
