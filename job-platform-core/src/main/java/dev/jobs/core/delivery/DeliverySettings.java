package dev.jobs.core.delivery;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What the delivery side (workers, relay, reaper, publisher) is configured with: read from
 * {@code jobs.*} by the auto-configuration, so the engine never reads configuration properties
 * itself. Contradictory settings are refused at start with a message naming the properties.
 *
 * @param workerId this instance's worker id (unique per process)
 * @param drainTimeout how long running jobs may finish on shutdown before they are handed back
 * @param timeoutGrace how long a handler that ignores its timeout's interrupt keeps its attempt
 * before the attempt is recorded {@code TIMED_OUT} and its lease is no longer renewed
 * @param lease how long a worker's claim on a running job lasts without renewal
 * @param heartbeatInterval how often leases are renewed
 * @param reaperInterval how often expired leases are looked for
 * @param relayEnabled whether this instance runs the outbox relay and the lease reaper
 * @param relayInterval how often the relay looks for jobs to publish
 * @param relayMinAge how long a job is left to its own after-commit publish before the relay steps in
 * @param relayBatchSize rows the relay locks per round
 * @param overdueAfter how long a confirmed job may wait for a worker before it is published again
 * @param relayMaxBackoff the longest a row whose publish the broker refused is left before the next try
 * @param confirmTimeout how long a publish waits for the broker's confirm
 * @param publisherQueueCapacity after-commit publishes that may wait for the publisher thread
 * @param markInterval how often confirms are written to the job rows
 * @param enginePoolSize connections of the engine's own pool (claims, completions, heartbeats, relay)
 */
public record DeliverySettings(String workerId, Duration drainTimeout, Duration timeoutGrace, Duration lease,
		Duration heartbeatInterval, Duration reaperInterval, boolean relayEnabled, Duration relayInterval,
		Duration relayMinAge, int relayBatchSize, Duration overdueAfter, Duration relayMaxBackoff,
		Duration confirmTimeout, int publisherQueueCapacity, Duration markInterval, int enginePoolSize) {

	public DeliverySettings {
		List<String> problems = new ArrayList<>();
		if (!positive(lease)) {
			problems.add("jobs.lease.duration must be positive");
		}
		else if (!positive(heartbeatInterval) || heartbeatInterval.compareTo(lease) >= 0) {
			problems.add("jobs.lease.heartbeat-interval (" + heartbeatInterval + ") must be positive and shorter than "
					+ "jobs.lease.duration (" + lease + "), or every lease expires before it is renewed; "
					+ "a third of the lease or less is safe");
		}
		if (!positive(reaperInterval)) {
			problems.add("jobs.lease.reaper-interval must be positive");
		}
		if (!positive(relayInterval)) {
			problems.add("jobs.relay.interval must be positive");
		}
		if (relayMinAge == null || relayMinAge.isNegative()) {
			problems.add("jobs.relay.min-age must not be negative");
		}
		if (overdueAfter != null && relayMinAge != null && overdueAfter.compareTo(relayMinAge) <= 0) {
			problems.add("jobs.relay.overdue-after (" + overdueAfter + ") must be longer than jobs.relay.min-age ("
					+ relayMinAge + "), or confirmed jobs are published again before their first message had a chance");
		}
		if (relayBatchSize < 1) {
			problems.add("jobs.relay.batch-size must be at least 1");
		}
		if (!positive(relayMaxBackoff)) {
			problems.add("jobs.relay.max-backoff must be positive");
		}
		if (!positive(confirmTimeout)) {
			problems.add("jobs.publisher.confirm-timeout must be positive");
		}
		if (drainTimeout == null || drainTimeout.isNegative()) {
			problems.add("jobs.worker.drain-timeout must not be negative");
		}
		if (timeoutGrace == null || timeoutGrace.isNegative()) {
			problems.add("jobs.worker.timeout-grace must not be negative");
		}
		if (publisherQueueCapacity < 1) {
			problems.add("jobs.publisher.queue-capacity must be at least 1");
		}
		if (!positive(markInterval)) {
			problems.add("jobs.publisher.mark-interval must be positive");
		}
		if (enginePoolSize < 0) {
			problems.add("jobs.engine.pool-size must not be negative (0 shares the application's pool)");
		}
		if (!problems.isEmpty()) {
			throw new IllegalArgumentException("Contradictory job platform settings: " + String.join("; ", problems));
		}
	}

	private static boolean positive(Duration d) {
		return d != null && !d.isNegative() && !d.isZero();
	}

}
