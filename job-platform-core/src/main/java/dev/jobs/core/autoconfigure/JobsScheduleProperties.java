package dev.jobs.core.autoconfigure;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.jobs.core.schedule.MisfirePolicy;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Recurring schedules ({@code jobs.schedules.*}); see docs/SCHEDULES.md. A grace shorter than the poll
 * interval is refused at start ({@code ScheduleSettings}); a definition is checked as one from the API is
 * ({@code Schedules}).
 */
@ConfigurationProperties("jobs.schedules")
public class JobsScheduleProperties {

	/** Whether this instance fires schedules; the schedules API works either way. */
	private boolean enabled = true;

	/** How often due schedules are looked for: a firing runs at most about this late. */
	private Duration pollInterval = Duration.ofSeconds(1);

	/**
	 * How late a firing may be found and still count as on time; found later (everything was down),
	 * it was missed and the schedule's misfire policy applies.
	 */
	private Duration misfireGrace = Duration.ofMinutes(1);

	/** Schedules from configuration, by id (lower case, e.g. {@code weekly-rd-export}). */
	private Map<String, Definition> definitions = new LinkedHashMap<>();

	public boolean isEnabled() {
		return enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public Duration getPollInterval() {
		return pollInterval;
	}

	public void setPollInterval(Duration pollInterval) {
		this.pollInterval = pollInterval;
	}

	public Duration getMisfireGrace() {
		return misfireGrace;
	}

	public void setMisfireGrace(Duration misfireGrace) {
		this.misfireGrace = misfireGrace;
	}

	public Map<String, Definition> getDefinitions() {
		return definitions;
	}

	public void setDefinitions(Map<String, Definition> definitions) {
		this.definitions = definitions;
	}

	/** One schedule from configuration: exactly one of {@code cron} (with {@code zone}) or {@code fixed-rate}. */
	public static class Definition {

		/** The job type each firing submits. */
		private String type;

		/** The payload of every job it submits. */
		private Map<String, Object> payload = new LinkedHashMap<>();

		/** A Spring cron expression with seconds, e.g. {@code 0 0 8 * * MON}. */
		private String cron;

		/** The time zone the cron expression is read in, e.g. {@code Asia/Shanghai}. */
		private String zone;

		/** The period of a fixed-rate schedule (at least 1s). */
		private Duration fixedRate;

		/** What happens to firings missed while everything was down: RUN_ONCE (default) or SKIP. */
		private MisfirePolicy misfire = MisfirePolicy.RUN_ONCE;

		public String getType() {
			return type;
		}

		public void setType(String type) {
			this.type = type;
		}

		public Map<String, Object> getPayload() {
			return payload;
		}

		public void setPayload(Map<String, Object> payload) {
			this.payload = payload;
		}

		public String getCron() {
			return cron;
		}

		public void setCron(String cron) {
			this.cron = cron;
		}

		public String getZone() {
			return zone;
		}

		public void setZone(String zone) {
			this.zone = zone;
		}

		public Duration getFixedRate() {
			return fixedRate;
		}

		public void setFixedRate(Duration fixedRate) {
			this.fixedRate = fixedRate;
		}

		public MisfirePolicy getMisfire() {
			return misfire;
		}

		public void setMisfire(MisfirePolicy misfire) {
			this.misfire = misfire;
		}

	}

}
