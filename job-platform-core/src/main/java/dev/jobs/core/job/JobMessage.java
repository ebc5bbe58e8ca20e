package dev.jobs.core.job;

import java.util.UUID;

/**
 * What travels through the broker: only the job's identity. The database is the source of truth.
 *
 * @param attempt the job's attempt count when the message was published; a claim must find the same
 * count, so an old or duplicated message can never start a job early or twice
 */
public record JobMessage(UUID jobId, String type, int attempt, int priority) {
}
