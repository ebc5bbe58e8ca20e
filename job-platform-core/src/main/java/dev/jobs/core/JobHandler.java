package dev.jobs.core;

/**
 * What a team writes to add a job type: a Spring bean that names its type, its payload class and
 * does the work.
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

	/** In {@link #submitRoles()}: the roles configured as administrators ({@code jobs.api.admin-roles}). */
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
	 * Roles allowed to submit this type over the REST API, unless
	 * {@code jobs.types.<TYPE>.submit-roles} says otherwise; empty (the default) allows any caller.
	 * {@link #ADMINS} stands for the administrator roles.
	 */
	default java.util.Set<String> submitRoles() {
		return java.util.Set.of();
	}

}
