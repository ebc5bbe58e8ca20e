package dev.jobs.core.autoconfigure;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The job types' settings: {@code jobs.defaults.*} for every type, {@code jobs.types.<TYPE>.*} for one. How
 * they are layered with the handler's settings in code is {@link JobTypeSettingsMapping}'s; invalid values are
 * refused at start, naming the type ({@code JobTypeSettings}).
 */
@ConfigurationProperties("jobs")
public class JobTypesProperties {

	/** Defaults for every job type; a type overrides them under {@code jobs.types.<TYPE>.*}. */
	private TypeProperties defaults = TypeProperties.builtInDefaults();

	/** Per-type settings, keyed by the type name (e.g. {@code jobs.types.EMPLOYEE_EXPORT.concurrency}). */
	private Map<String, TypeProperties> types = new LinkedHashMap<>();

	public TypeProperties getDefaults() {
		return defaults;
	}

	public void setDefaults(TypeProperties defaults) {
		this.defaults = defaults;
	}

	public Map<String, TypeProperties> getTypes() {
		return types;
	}

	public void setTypes(Map<String, TypeProperties> types) {
		this.types = types;
	}

	/** Settings of one job type. Unset values fall back to {@code jobs.defaults.*}. */
	public static class TypeProperties {

		/** Handler threads consuming this type's queue on each instance. */
		private Integer concurrency;

		/** Messages the broker hands each consumer before it acknowledges one. */
		private Integer prefetch;

		/** Attempts a job gets before it fails for good (1 = no retry). */
		private Integer maxAttempts;

		/** How long one attempt may run before it is stopped and counted as failed. */
		private Duration timeout;

		/** Delay before the first retry; each later retry waits {@code backoff-multiplier} times longer. */
		private Duration backoffInitial;

		/** Growth factor of the retry delay. */
		private Double backoffMultiplier;

		/** Upper bound of the retry delay. */
		private Duration backoffMax;

		/** Random spread added to each retry delay so that failed jobs do not retry in lock step. */
		private Duration backoffJitter;

		/** Roles allowed to submit the type over the API ({@code @admins}: the admin roles); empty: anyone. */
		private List<String> submitRoles;

		/** Active (waiting or running) jobs of the type one submitter may have at once; 0: no limit. */
		private Integer maxActivePerUser;

		/**
		 * At most this many attempts of the type running at once across all instances; unset: no limit. Jobs over
		 * it wait in their queue, uncharged.
		 */
		private Integer globalConcurrency;

		/**
		 * At most this many starts per period across all instances, as {@code starts/period}: {@code 10/1s},
		 * {@code 600/1m}; unset: no limit. Starts are spaced evenly; jobs over it wait in their queue, uncharged.
		 */
		private String rateLimit;

		/** The platform's defaults, under {@code jobs.defaults.*} until the application sets its own. */
		public static TypeProperties builtInDefaults() {
			TypeProperties p = new TypeProperties();
			p.concurrency = 2;
			p.prefetch = 2;
			p.maxAttempts = 3;
			p.timeout = Duration.ofMinutes(30);
			p.backoffInitial = Duration.ofSeconds(1);
			p.backoffMultiplier = 5.0;
			p.backoffMax = Duration.ofMinutes(10);
			p.backoffJitter = Duration.ofMillis(500);
			p.maxActivePerUser = 0;
			return p;
		}

		public Integer getConcurrency() {
			return concurrency;
		}

		public void setConcurrency(Integer concurrency) {
			this.concurrency = concurrency;
		}

		public Integer getPrefetch() {
			return prefetch;
		}

		public void setPrefetch(Integer prefetch) {
			this.prefetch = prefetch;
		}

		public Integer getMaxAttempts() {
			return maxAttempts;
		}

		public void setMaxAttempts(Integer maxAttempts) {
			this.maxAttempts = maxAttempts;
		}

		public Duration getTimeout() {
			return timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

		public Duration getBackoffInitial() {
			return backoffInitial;
		}

		public void setBackoffInitial(Duration backoffInitial) {
			this.backoffInitial = backoffInitial;
		}

		public Double getBackoffMultiplier() {
			return backoffMultiplier;
		}

		public void setBackoffMultiplier(Double backoffMultiplier) {
			this.backoffMultiplier = backoffMultiplier;
		}

		public Duration getBackoffMax() {
			return backoffMax;
		}

		public void setBackoffMax(Duration backoffMax) {
			this.backoffMax = backoffMax;
		}

		public Duration getBackoffJitter() {
			return backoffJitter;
		}

		public void setBackoffJitter(Duration backoffJitter) {
			this.backoffJitter = backoffJitter;
		}

		public List<String> getSubmitRoles() {
			return submitRoles;
		}

		public void setSubmitRoles(List<String> submitRoles) {
			this.submitRoles = submitRoles;
		}

		public Integer getMaxActivePerUser() {
			return maxActivePerUser;
		}

		public void setMaxActivePerUser(Integer maxActivePerUser) {
			this.maxActivePerUser = maxActivePerUser;
		}

		public Integer getGlobalConcurrency() {
			return globalConcurrency;
		}

		public void setGlobalConcurrency(Integer globalConcurrency) {
			this.globalConcurrency = globalConcurrency;
		}

		public String getRateLimit() {
			return rateLimit;
		}

		public void setRateLimit(String rateLimit) {
			this.rateLimit = rateLimit;
		}

	}

}
