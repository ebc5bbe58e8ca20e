package dev.jobs.core.web;

import java.util.List;
import java.util.UUID;

import dev.jobs.core.AccessPolicy;
import dev.jobs.core.JobHandler;
import dev.jobs.core.JobNotFoundException;
import dev.jobs.core.JobPermissions;
import dev.jobs.core.JobView;
import dev.jobs.core.job.JobQueries;
import dev.jobs.core.job.JobTypeRegistry;
import jakarta.servlet.http.HttpServletRequest;

/**
 * The core's {@link JobPermissions}: the caller read from the servlet request ({@link Caller}), the jobs from
 * {@link JobQueries}, the submit roles from the type's settings.
 */
public class JobAccess implements JobPermissions {

	private final JobQueries queries;

	private final JobTypeRegistry registry;

	private final AccessPolicy policy;

	private final boolean allowAnonymous;

	public JobAccess(JobQueries queries, JobTypeRegistry registry, List<String> adminRoles, boolean allowAnonymous) {
		this(queries, registry, adminRoles, List.of(), allowAnonymous);
	}

	/**
	 * @param readerRoles roles that see every job but change nothing (auditors,
	 * {@code jobs.api.reader-roles})
	 */
	public JobAccess(JobQueries queries, JobTypeRegistry registry, List<String> adminRoles, List<String> readerRoles,
			boolean allowAnonymous) {
		this(queries, registry, new AccessPolicy(adminRoles, readerRoles), allowAnonymous);
	}

	/** @param policy the one access decision, shared with the operators' API and the dashboard */
	public JobAccess(JobQueries queries, JobTypeRegistry registry, AccessPolicy policy, boolean allowAnonymous) {
		this.queries = queries;
		this.registry = registry;
		this.policy = policy;
		this.allowAnonymous = allowAnonymous;
	}

	/** The job, if it exists and the caller may see it. */
	@Override
	public JobView requireVisible(UUID id, HttpServletRequest request) {
		Caller caller = caller(request);
		return queries.find(id).filter(caller::maySee).orElseThrow(() -> new JobNotFoundException(id));
	}

	/** Whether the job exists and the caller may see it. */
	boolean isVisible(UUID id, HttpServletRequest request) {
		Caller caller = caller(request);
		return queries.find(id).filter(caller::maySee).isPresent();
	}

	/**
	 * The batch's submitter, if the caller may see it: the same rule as for jobs (administrators and readers see
	 * every batch, others their own).
	 */
	boolean maySeeBatch(String createdBy, HttpServletRequest request) {
		Caller caller = caller(request);
		return AccessPolicy.maySee(caller.access(), createdBy, caller.name());
	}

	/**
	 * Refuses readers (auditors), who see every job and batch but change none.
	 * @throws ForbiddenException if the caller only reads
	 */
	void requireMayChange(HttpServletRequest request) {
		requireNotReadOnly(caller(request));
	}

	/** Whether the caller may see this job. */
	@Override
	public boolean maySee(JobView job, HttpServletRequest request) {
		return caller(request).maySee(job);
	}

	@Override
	public AccessPolicy policy() {
		return policy;
	}

	@Override
	public boolean isAdminRole(String role) {
		return policy.isAdminRole(role);
	}

	@Override
	public boolean roleMaySubmit(String role, String type) {
		return registry.find(type)
			.map(registered -> registered.settings().allowsSubmitter(isAdminRole(role), role::equals))
			.orElse(true);
	}

	/**
	 * Refuses the caller unless one of its roles may submit jobs of this type (the type's
	 * {@code submit-roles}); the same rule for submitting, retrying and any alias that creates jobs.
	 * An unknown type passes here and is refused by the submission itself.
	 * @throws ForbiddenException if the caller's roles may not
	 */
	@Override
	public void requireMaySubmit(String type, HttpServletRequest request) {
		Caller caller = caller(request);
		requireNotReadOnly(caller);
		registry.find(type).ifPresent(registered -> {
			List<String> allowed = registered.settings().submitRoles();
			if (!caller.maySubmit(registered.settings())) {
				throw new ForbiddenException("Your roles may not submit " + registered.name()
						+ " jobs; it needs one of "
						+ allowed.stream()
							.map(r -> JobHandler.ADMINS.equals(r) ? policy.adminRoles().toString() : r)
							.toList());
			}
		});
	}

	/**
	 * The job, if the caller may see it and change it (cancel, retry): readers (auditors) see every
	 * job but change none.
	 * @throws ForbiddenException if the caller only reads
	 */
	@Override
	public JobView requireMayChange(UUID id, HttpServletRequest request) {
		JobView job = requireVisible(id, request);
		requireNotReadOnly(caller(request));
		return job;
	}

	private void requireNotReadOnly(Caller caller) {
		if (caller.reader()) {
			throw new ForbiddenException("Your role " + policy.readerRoles()
					+ " may read jobs but not change them; ask one of " + policy.adminRoles() + ".");
		}
	}

	/** Whether the caller sees every submitter's jobs: an administrator or a reader (auditor). */
	@Override
	public boolean seesAll(HttpServletRequest request) {
		return caller(request).seesAll();
	}

	/** Whether the caller is an administrator ({@code jobs.api.admin-roles}). */
	@Override
	public boolean isAdmin(HttpServletRequest request) {
		return caller(request).admin();
	}

	@Override
	public void requireAdmin(HttpServletRequest request, String refusal) {
		if (!isAdmin(request)) {
			throw new ForbiddenException(refusal);
		}
	}

	@Override
	public void requireSeesAll(HttpServletRequest request, String refusal) {
		if (!seesAll(request)) {
			throw new ForbiddenException(refusal);
		}
	}

	/** Whether jobs of this type can be submitted here at all. */
	boolean isRegistered(String type) {
		return type != null && registry.find(type).isPresent();
	}

	Caller caller(HttpServletRequest request) {
		return Caller.of(request, policy, allowAnonymous);
	}

	List<String> adminRoles() {
		return policy.adminRoles();
	}

}
