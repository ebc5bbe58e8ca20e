package dev.jobs.core.instance;

import java.time.Duration;

/**
 * How instances announce themselves ({@code jobs.instances.*}).
 * @param heartbeatInterval how often this instance writes its row
 * @param goneAfter an instance without a heartbeat for this long is shown as gone (a few intervals: one late
 * heartbeat under load is not a death)
 * @param retention how long a gone or stopped instance stays listed before it is forgotten
 */
public record InstanceSettings(Duration heartbeatInterval, Duration goneAfter, Duration retention) {

	public InstanceSettings {
		if (heartbeatInterval.isNegative() || heartbeatInterval.isZero()) {
			throw new IllegalArgumentException(
					"jobs.instances.heartbeat-interval must be positive, got " + heartbeatInterval);
		}
		if (goneAfter.compareTo(heartbeatInterval.multipliedBy(2)) < 0) {
			throw new IllegalArgumentException("jobs.instances.gone-after (" + goneAfter
					+ ") must be at least twice jobs.instances.heartbeat-interval (" + heartbeatInterval
					+ "), or every late heartbeat shows a live instance as gone");
		}
	}

}
