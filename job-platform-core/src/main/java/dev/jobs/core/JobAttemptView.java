package dev.jobs.core;

import java.time.Instant;

/**
 * One finished attempt of a job.
 *
 * @param outcome {@code SUCCEEDED}, {@code FAILED}, {@code TIMED_OUT}, {@code CANCELLED},
 * {@code LOST} (the worker's lease expired) or {@code HANDED_BACK} (the instance shut down)
 */
public record JobAttemptView(int attempt, String workerId, Instant startedAt, Instant finishedAt, String outcome,
		String error, String stackTrace) {
}
