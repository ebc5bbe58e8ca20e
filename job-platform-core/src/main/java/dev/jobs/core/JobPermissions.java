package dev.jobs.core;

import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Who may see which job, and who may create, change or revive one, for the caller of a web request: the one
 * access policy of the job API, result downloads, schedules and an application's own endpoints on jobs.
 * Administrators ({@code jobs.api.admin-roles}) see and change all; readers ({@code jobs.api.reader-roles},
 * e.g. auditors) see all and change nothing; everyone else sees and changes only their own jobs, and someone
 * else's job answers exactly like a job that does not exist. Submitting or retrying a job of a type needs one of
 * the type's {@code submit-roles}, on every path. Without an authenticated caller the answer is 401, unless
 * {@code jobs.api.allow-anonymous} is set. Which roles administer and which read is the {@link AccessPolicy}'s
 * answer ({@link #policy()}), the same the operators' {@link JobAdmin} gives.
 */
public interface JobPermissions {

	/**
	 * The access policy behind these answers ({@code jobs.api.admin-roles}, {@code jobs.api.reader-roles}), for
	 * a decision made outside the job API on the same rule, e.g. an application's filter that refuses every
	 * state-changing request of a reader.
	 */
	AccessPolicy policy();

	/**
	 * The job, if it exists and the caller may see it.
	 * @throws JobNotFoundException if it does not exist or the caller may not see it
	 */
	JobView requireVisible(UUID id, HttpServletRequest request);

	/** Whether the caller may see this job. */
	boolean maySee(JobView job, HttpServletRequest request);

	/**
	 * Refuses the caller unless one of its roles may submit jobs of this type (the type's {@code submit-roles})
	 * and it is not a reader; the same rule for submitting, retrying and any alias that creates jobs. An unknown
	 * type passes here and is refused by the submission itself.
	 * @throws NotPermittedException if the caller may not
	 */
	void requireMaySubmit(String type, HttpServletRequest request);

	/**
	 * The job, if the caller may see it and change it (cancel, retry): readers see every job but change none.
	 * @throws NotPermittedException if the caller only reads
	 */
	JobView requireMayChange(UUID id, HttpServletRequest request);

	/** Whether the caller sees every submitter's jobs: an administrator or a reader. */
	boolean seesAll(HttpServletRequest request);

	/**
	 * Whether a role is an administrator role ({@code jobs.api.admin-roles}): for decisions made without a
	 * request, such as whether a schedule may still fire with its creator's rights.
	 */
	boolean isAdminRole(String role);

	/**
	 * Whether a user holding {@code role} may submit jobs of {@code type} (the type's {@code submit-roles}); an
	 * unknown type passes here and is refused by the submission itself. For decisions made without a request.
	 */
	boolean roleMaySubmit(String role, String type);

	/** Whether the caller is an administrator ({@code jobs.api.admin-roles}). */
	boolean isAdmin(HttpServletRequest request);

	/**
	 * Refuses the caller unless it is an administrator.
	 * @param refusal what the refused caller reads, e.g. "Only administrators manage schedules"
	 * @throws NotPermittedException if it is not
	 */
	void requireAdmin(HttpServletRequest request, String refusal);

	/**
	 * Refuses the caller unless it sees every submitter's jobs (an administrator or a reader).
	 * @param refusal what the refused caller reads
	 * @throws NotPermittedException if it does not
	 */
	void requireSeesAll(HttpServletRequest request, String refusal);

}
