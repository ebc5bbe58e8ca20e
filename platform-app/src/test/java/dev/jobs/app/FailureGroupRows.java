package dev.jobs.app;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Failed SLEEP jobs of one failure group of their own, written as the platform writes a failure (the job row with
 * its fingerprint, the attempt with its stack trace, the group's description), so that a test's group holds exactly
 * its jobs although the test database keeps every earlier run's. A retry of one runs to success (SLEEP with no
 * failures asked). How the fingerprint is computed is the core's test (FailureFingerprintTest).
 */
public final class FailureGroupRows {

	private FailureGroupRows() {
	}

	/** A group's fingerprint and its jobs. */
	public record Group(String fingerprint, String message, List<UUID> ids) {
	}

	/**
	 * A group larger than any other with a member failed in the last day (and of at least {@code atLeast} jobs), so
	 * that it heads both the overview's top groups of the last hour and the failure groups page, whatever earlier
	 * tests left failed in the shared database.
	 */
	public static Group largest(JdbcClient jdbc, int atLeast) {
		long largest = jdbc.sql("""
				select coalesce(max(c), 0) from (
				    select count(*) as c from {jobs}.job
				     where failure_group is not null and status in ('FAILED', 'RETRY_WAIT')
				       and updated_at >= now() - interval '1 day'
				     group by failure_group) g
				""").query(Long.class).single();
		return failed(jdbc, (int) Math.max(atLeast, largest + 1));
	}

	public static Group failed(JdbcClient jdbc, int count) {
		String fingerprint = UUID.randomUUID().toString().replace("-", "").substring(0, 20);
		String word = "ledger" + fingerprint.substring(0, 6).replaceAll("[0-9]", "x");
		String message = "invoice <n> not found in " + word;
		jdbc.sql("""
				insert into {jobs}.failure_group (fingerprint, type, exception_class, message, frame)
				values (:fingerprint, 'SLEEP', 'java.lang.IllegalStateException', :message, 'com.example.billing.Invoices.charge')
				""")
			.param("fingerprint", fingerprint)
			.param("message", message)
			.update();
		List<UUID> ids = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			UUID id = UUID.randomUUID();
			String error = "java.lang.IllegalStateException: invoice " + (1000 + i) + " not found in " + word;
			jdbc.sql("""
					insert into {jobs}.job (id, type, payload, status, attempt, max_attempts, run_at, created_by,
					                        last_error, finished_at, updated_at, failure_group)
					values (:id, 'SLEEP', '{"millis": 0}', 'FAILED', 1, 1, now(), 'test-admin', :error, now(), now(),
					        :fingerprint)
					""")
				.param("id", id)
				.param("error", error)
				.param("fingerprint", fingerprint)
				.update();
			jdbc.sql("""
					insert into {jobs}.job_attempt (job_id, attempt, worker_id, started_at, finished_at, outcome, error,
					                                stack_trace)
					values (:id, 1, 'test-worker', now(), now(), 'FAILED', :error, :stack)
					""")
				.param("id", id)
				.param("error", error)
				.param("stack", error + "\n\tat com.example.billing.Invoices.charge(Invoices.java:42)\n"
						+ "\tat com.example.billing.InvoiceHandler.handle(InvoiceHandler.java:17)\n")
				.update();
			ids.add(id);
		}
		return new Group(fingerprint, message, ids);
	}

}
