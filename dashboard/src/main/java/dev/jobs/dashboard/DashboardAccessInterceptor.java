package dev.jobs.dashboard;

import dev.jobs.core.JobAdmin;
import dev.jobs.core.JobAdmin.Access;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.servlet.HandlerInterceptor;

/**
 * The dashboard's own gate, whatever the application's security says: readers (auditors) and
 * administrators see the pages; only administrators send anything but GET/HEAD. A second line
 * behind the application's rules, so a dashboard added to an application with laxer security is
 * still read-only for readers and closed to everyone else.
 */
class DashboardAccessInterceptor implements HandlerInterceptor {

	private final JobAdmin admin;

	DashboardAccessInterceptor(JobAdmin admin) {
		this.admin = admin;
	}

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
			throws Exception {
		Access access = admin.access(Actors.of(request));
		boolean reading = "GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod());
		if (access == Access.ACT || (reading && access == Access.READ)) {
			return true;
		}
		response.sendError(HttpServletResponse.SC_FORBIDDEN, (access == Access.READ)
				? "Your role may look at the dashboard but not change anything."
				: "The dashboard is for administrators and auditors.");
		return false;
	}

}
