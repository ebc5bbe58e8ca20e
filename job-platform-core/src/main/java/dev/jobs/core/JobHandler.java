package dev.jobs.core;

/**
 * What a team writes to add a job type: a Spring bean that names its type, its payload class and
 * does the work. Implement it, or build one from a lambda with {@link JobHandlers#define(JobType)}.
 * Who may submit the type is configuration ({@code jobs.types.<TYPE>.submit-roles}), not part of
 * the handler.
 *
 * <p>The payload is a record (or any Jackson-bindable class) validated with Bean Validation before
 * the job is accepted and again before it runs. Throwing from {@link #handle} means "this attempt
 * failed": the job is retried with backoff unless the exception is a
 * {@link NonRetryableJobException} or the attempts are used up. A handler may run more than once
 * for one job (a worker can die after the work but before the result is stored), so side effects
 * should be idempotent; the platform guarantees that at most one attempt completes the job.
 *
 * @param <P> the payload type
 */
public interface JobHandler<P> {

	/**
	 * In {@code jobs.types.<TYPE>.submit-roles}: the roles configured as administrators
	 * ({@code jobs.api.admin-roles}).
	 */
	String ADMINS = "@admins";

	/** The job type name, e.g. {@code EMPLOYEE_EXPORT}: upper case letters, digits and underscores. */
	String type();

	/** The class the JSON payload is bound to. */
	Class<P> payloadType();

	/**
	 * Runs one attempt of the job.
	 * @param payload the validated payload
	 * @param context the job's id and attempt, progress, cancellation and result
	 * @throws Exception to fail this attempt
	 */
	void handle(P payload, JobContext context) throws Exception;

	/**
	 * Settings written in code (attempts, backoff, timeout, concurrency); {@code jobs.types.<TYPE>.*}
	 * overrides each of them. None by default.
	 */
	default JobSettings settings() {
		return JobSettings.none();
	}

	/**
	 * Whether the type is delivered as messages without a job row: {@code true} only for a
	 * {@code dev.jobs.core.message.MessageHandler}, which answers it; a job handler keeps the default. The engine
	 * asks this instead of the handler's class, so the job model need not know the message-delivery package.
	 */
	default boolean deliveredAsMessages() {
		return false;
	}

	/**
	 * Who may submit is configuration now: set {@code jobs.types.<TYPE>.submit-roles} (a module
	 * ships its defaults in {@code META-INF/jobs/type-defaults.properties}). Still honoured when
	 * configuration names no roles, so older handlers keep their rule until they move.
	 * @deprecated use {@code jobs.types.<TYPE>.submit-roles}
	 */
	@Deprecated(since = "0.1.0", forRemoval = true)
	default java.util.Set<String> submitRoles() {
		return java.util.Set.of();
	}

}
