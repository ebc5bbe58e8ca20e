package dev.jobs.core.job;

import java.time.Duration;

import dev.jobs.core.InvalidJobPayloadException;
import dev.jobs.core.JobHandler;
import dev.jobs.core.NonRetryableJobException;

import org.springframework.core.retry.RetryPolicy;
import org.springframework.util.backoff.BackOffExecution;

/**
 * A job type as the engine knows it: the handler, its bean name and its effective settings.
 *
 * <p>Retry policy: built with Spring Framework 7's core retry ({@link RetryPolicy}), which both
 * classifies exceptions (non-retryable ones fail the job at once) and computes the exponential
 * backoff with jitter. The attempts themselves are counted on the job row, not in memory, because
 * each attempt may run on another instance.
 */
public record RegisteredJobType(String name, String beanName, JobHandler<?> handler, JobTypeSettings settings,
		RetryPolicy retryPolicy) {

	static RegisteredJobType of(String beanName, JobHandler<?> handler, JobTypeSettings settings) {
		RetryPolicy policy = RetryPolicy.builder()
			.maxRetries(Integer.MAX_VALUE)
			.delay(settings.backoffInitial())
			.multiplier(settings.backoffMultiplier())
			.maxDelay(settings.backoffMax())
			.jitter(settings.backoffJitter())
			.excludes(NonRetryableJobException.class, InvalidJobPayloadException.class)
			.build();
		return new RegisteredJobType(handler.type(), beanName, handler, settings, policy);
	}

	/**
	 * Whether the type is delivered as messages without a job row ({@code dev.jobs.core.message}):
	 * no job worker, no retry tiers, no submission through {@code JobClient}. The handler says so
	 * ({@link JobHandler#deliveredAsMessages()}), and the message consumers refuse to start if one says so
	 * without being a {@code MessageHandler}.
	 */
	public boolean messageDelivery() {
		return handler.deliveredAsMessages();
	}

	/** Whether an attempt that failed with this exception may be retried at all. */
	public boolean isRetryable(Throwable failure) {
		return retryPolicy.shouldRetry(failure);
	}

	/** The delay before the attempt after {@code failedAttempt} (1-based). */
	public Duration backoffAfter(int failedAttempt) {
		BackOffExecution execution = retryPolicy.getBackOff().start();
		long delay = 0;
		for (int i = 0; i < Math.max(1, failedAttempt); i++) {
			long next = execution.nextBackOff();
			if (next == BackOffExecution.STOP) {
				return settings.backoffMax();
			}
			delay = next;
		}
		return Duration.ofMillis(delay);
	}

}
