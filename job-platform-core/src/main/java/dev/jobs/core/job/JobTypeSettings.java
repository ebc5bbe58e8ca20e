package dev.jobs.core.job;

import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

import dev.jobs.core.JobHandler;
import dev.jobs.core.RateLimit;

/**
 * The effective settings of one job type: {@code jobs.types.<TYPE>.*} over {@code jobs.defaults.*}.
 *
 * @param globalConcurrency at most this many attempts of the type running across all instances, {@code null}
 * for no limit
 * @param rateLimit at most this many starts per period across all instances, {@code null} for no limit
 */
public record JobTypeSettings(int concurrency, int prefetch, int maxAttempts, Duration timeout,
		Duration backoffInitial, double backoffMultiplier, Duration backoffMax, Duration backoffJitter,
		List<String> submitRoles, int maxActivePerUser, Integer globalConcurrency, RateLimit rateLimit) {

	/** Without limits across the cluster. */
	public JobTypeSettings(int concurrency, int prefetch, int maxAttempts, Duration timeout, Duration backoffInitial,
			double backoffMultiplier, Duration backoffMax, Duration backoffJitter, List<String> submitRoles,
			int maxActivePerUser) {
		this(concurrency, prefetch, maxAttempts, timeout, backoffInitial, backoffMultiplier, backoffMax, backoffJitter,
				submitRoles, maxActivePerUser, null, null);
	}

	public JobTypeSettings {
		require(globalConcurrency == null || globalConcurrency >= 1,
				"global-concurrency must be at least 1 (leave it unset for no limit)");
		submitRoles = (submitRoles != null) ? List.copyOf(submitRoles) : List.of();
		require(maxActivePerUser >= 0, "max-active-per-user must not be negative");
		require(concurrency >= 1, "concurrency must be at least 1");
		require(prefetch >= 1, "prefetch must be at least 1");
		require(maxAttempts >= 1, "max-attempts must be at least 1");
		require(!timeout.isNegative() && !timeout.isZero(), "timeout must be positive");
		require(!backoffInitial.isNegative(), "backoff-initial must not be negative");
		require(backoffMultiplier >= 1.0, "backoff-multiplier must be at least 1");
		require(backoffMax.compareTo(backoffInitial) >= 0, "backoff-max must not be below backoff-initial");
		require(!backoffJitter.isNegative(), "backoff-jitter must not be negative");
	}

	/**
	 * Whether a submitter may submit jobs of this type: any submitter when no {@code submit-roles}
	 * are set; otherwise one holding a listed role, {@link JobHandler#ADMINS} standing for the
	 * administrator roles. The one rule for every path that creates or revives a job.
	 * @param admin whether the submitter holds an administrator role
	 * @param hasRole whether the submitter holds a role, by its name
	 */
	/** Whether either limit across the cluster is configured. */
	public boolean limited() {
		return globalConcurrency != null || rateLimit != null;
	}

	public boolean allowsSubmitter(boolean admin, Predicate<String> hasRole) {
		return submitRoles.isEmpty()
				|| submitRoles.stream().anyMatch(role -> JobHandler.ADMINS.equals(role) ? admin : hasRole.test(role));
	}

	private static void require(boolean condition, String message) {
		if (!condition) {
			throw new IllegalArgumentException(message);
		}
	}

	/** Where a type's settings come from (the auto-configuration reads them from {@code jobs.*}). */
	public interface Source {

		/**
		 * @param handlerRoles the roles a (deprecated) handler declares may submit it, used when
		 * configuration names none
		 * @param inCode the settings the handler makes in code: over {@code jobs.defaults.*}, under
		 * {@code jobs.types.<TYPE>.*}
		 * @throws IllegalArgumentException if the settings are invalid
		 */
		JobTypeSettings settingsFor(String type, List<String> handlerRoles, dev.jobs.core.JobSettings inCode);

		/** As {@link #settingsFor(String, List, dev.jobs.core.JobSettings)} without settings in code. */
		default JobTypeSettings settingsFor(String type, List<String> handlerRoles) {
			return settingsFor(type, handlerRoles, dev.jobs.core.JobSettings.none());
		}

		/** Types that have settings of their own, to warn about those no handler registers. */
		java.util.Set<String> configuredTypes();

	}

}
