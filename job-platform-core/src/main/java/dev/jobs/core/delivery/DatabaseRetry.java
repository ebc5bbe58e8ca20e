package dev.jobs.core.delivery;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.retry.RetryException;
import org.springframework.core.retry.RetryListener;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.core.retry.Retryable;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * Retries a worker's database step (claim, completion) while the database is unreachable, so a
 * database restart neither loses a delivery nor burns its delivery count: the message simply stays
 * unacknowledged until the step succeeds. Gives up only when the instance shuts down.
 *
 * <p>Uses Spring Framework 7's core retry ({@link RetryTemplate}); spring-retry is not needed.
 */
final class DatabaseRetry {

	private static final Logger log = LoggerFactory.getLogger(DatabaseRetry.class);

	private final RetryTemplate template;

	DatabaseRetry(BooleanSupplier stopping) {
		RetryPolicy policy = RetryPolicy.builder()
			.maxRetries(Long.MAX_VALUE)
			.delay(Duration.ofMillis(200))
			.multiplier(2)
			.maxDelay(Duration.ofSeconds(5))
			.predicate(ex -> isTransient(ex) && !stopping.getAsBoolean())
			.build();
		this.template = new RetryTemplate(policy);
		this.template.setRetryListener(new RetryListener() {
			@Override
			public void onRetryFailure(RetryPolicy retryPolicy, Retryable<?> retryable, Throwable throwable) {
				log.warn("Database unavailable during '{}' ({}); retrying", retryable.getName(), throwable.getMessage());
			}
		});
	}

	/**
	 * Runs the step, retrying transient database failures.
	 * @throws DatabaseUnavailableException if the instance began to shut down while retrying
	 * @throws RuntimeException a non-transient failure, as thrown
	 */
	<T> T call(String what, Supplier<T> step) {
		try {
			return template.execute(new Retryable<T>() {
				@Override
				public T execute() {
					return step.get();
				}

				@Override
				public String getName() {
					return what;
				}
			});
		}
		catch (RetryException ex) {
			Throwable cause = ex.getCause();
			if (cause != null && isTransient(cause)) {
				throw new DatabaseUnavailableException(what, cause);
			}
			if (cause instanceof RuntimeException runtime) {
				throw runtime;
			}
			throw new IllegalStateException(what + " failed", cause);
		}
	}

	static boolean isTransient(Throwable ex) {
		for (Throwable t = ex; t != null; t = t.getCause()) {
			if (t instanceof TransientDataAccessException || t instanceof DataAccessResourceFailureException
					|| t instanceof CannotCreateTransactionException || t instanceof SQLTransientException
					|| t instanceof SQLRecoverableException) {
				return true;
			}
			if (t instanceof SQLException sql && sql.getSQLState() != null
					&& (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P")
							|| sql.getSQLState().startsWith("53"))) {
				return true;
			}
		}
		return false;
	}

	/** The database stayed unreachable until the instance began to shut down. */
	static final class DatabaseUnavailableException extends RuntimeException {

		DatabaseUnavailableException(String what, Throwable cause) {
			super("Database unavailable during '" + what + "'", cause);
		}

	}

}
