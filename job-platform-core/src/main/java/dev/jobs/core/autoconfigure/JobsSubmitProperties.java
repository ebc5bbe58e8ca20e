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

	public int getMaxGroupSize() {
		return maxGroupSize;
	}

	public void setMaxGroupSize(int maxGroupSize) {
		this.maxGroupSize = maxGroupSize;
	}

}
