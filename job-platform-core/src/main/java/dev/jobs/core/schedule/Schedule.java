package dev.jobs.core.schedule;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import tools.jackson.databind.JsonNode;

/**
 * A recurring schedule as stored: a cron expression in a time zone, or a fixed rate, that submits a
 * job of {@code type} with {@code payload} at each firing.
 *
 * @param id the schedule's name, e.g. {@code weekly-rd-export}; its jobs are submitted by
 * {@code schedule:<id>}
 * @param cron a Spring cron expression with seconds ({@code 0 0 8 * * MON}); {@code null} for a fixed rate
 * @param zone the time zone the cron expression is read in; {@code null} for a fixed rate
 * @param fixedRate the period of a fixed-rate schedule; {@code null} for a cron schedule
 * @param source {@code API} (managed over {@code /api/schedules}) or {@code CONFIG}
 * ({@code jobs.schedules.definitions.*})
 * @param nextFireAt when it fires next
 * @param lastJobId the job submitted by the last firing, if any
 * @param lastError why the last firing submitted nothing (skipped misfire, refused payload), if so
 */
public record Schedule(String id, String type, JsonNode payload, String cron, String zone, Duration fixedRate,
		MisfirePolicy misfire, boolean enabled, String source, String createdBy, Instant nextFireAt,
		Instant lastFiredAt, UUID lastJobId, String lastError, Instant createdAt) {

	/** Who submits a schedule's jobs: the key of their idempotency and of their active limit. */
	public static String submitter(String id) {
		return "schedule:" + id;
	}

}
