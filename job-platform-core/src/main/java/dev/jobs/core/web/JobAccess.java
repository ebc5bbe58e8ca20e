package dev.jobs.core.web;

import java.util.List;
import java.util.UUID;

import dev.jobs.core.JobNotFoundException;
import dev.jobs.core.JobView;
import dev.jobs.core.job.JobQueries;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Who may see which job, for every endpoint that shows one (the job API, result downloads, an
 * application's own aliases): administrators ({@code jobs.api.admin-roles}) see all; everyone else
 * only their own, and someone else's job answers exactly like a job that does not exist.
 */
public class JobAccess {

	private final JobQueries queries;

	private final List<String> adminRoles;

	public JobAccess(JobQueries queries, List<String> adminRoles) {
		this.queries = queries;
		this.adminRoles = List.copyOf(adminRoles);
	}

	/** The job, if it exists and the caller may see it. */
	public JobView requireVisible(UUID id, HttpServletRequest request) {
		Caller caller = caller(request);
		return queries.find(id).filter(caller::maySee).orElseThrow(() -> new JobNotFoundException(id));
	}

	/** Whether the caller may see this job. */
	public boolean maySee(JobView job, HttpServletRequest request) {
		return caller(request).maySee(job);
	}

	Caller caller(HttpServletRequest request) {
		return Caller.of(request, adminRoles);
	}

	List<String> adminRoles() {
		return adminRoles;
	}

}
