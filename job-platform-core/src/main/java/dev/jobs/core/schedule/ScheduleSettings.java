package dev.jobs.core.schedule;

import java.time.Duration;
import java.util.Map;

/**
 * The scheduler's settings ({@code jobs.schedules.*}).
 *
 * @param enabled whether this instance fires schedules (the API works either way)
 * @param pollInterval how often due schedules are looked for: a firing runs at most this late
 * @param misfireGrace how late a firing may be found and still count as on time; later, it was
 * missed and the schedule's misfire policy applies
 * @param definitions the schedules from configuration, by id
 */
public record ScheduleSettings(boolean enabled, Duration pollInterval, Duration misfireGrace,
		Map<String, Schedules.NewSchedule> definitions) {

	public ScheduleSettings {
		if (pollInterval.isNegative() || pollInterval.isZero()) {
			throw new IllegalArgumentException("jobs.schedules.poll-interval must be positive, was " + pollInterval);
		}
		if (misfireGrace.compareTo(pollInterval) < 0) {
			throw new IllegalArgumentException("jobs.schedules.misfire-grace (" + misfireGrace
					+ ") must not be shorter than jobs.schedules.poll-interval (" + pollInterval
					+ "), or on-time firings would count as missed");
		}
		definitions = Map.copyOf(definitions);
	}

}
