package dev.jobs.app.security;

import java.io.IOException;

import dev.jobs.app.web.Problems;
import dev.jobs.core.AccessPolicy;
import dev.jobs.core.JobAdmin.Access;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A reader changes nothing, on any path: every state-changing request of a signed-in caller whom the job
 * platform's {@link AccessPolicy} answers {@link Access#READ} ({@code jobs.api.reader-roles}: the app's
 * {@link Role#AUDITOR}) is refused with 403 before any endpoint's own rule is asked, so a new endpoint cannot
 * forget it. Only signing in and out remain. The policy is the one the job API and the dashboard ask, so the three
 * cannot disagree on who is read-only.
 */
class ReadOnlyRoleFilter extends OncePerRequestFilter {

	private final AccessPolicy policy;

	ReadOnlyRoleFilter(AccessPolicy policy) {
		this.policy = policy;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (!SecurityConfiguration.isSafe(request.getMethod()) && readsOnly()
				&& !"/logout".equals(request.getServletPath()) && !"/login".equals(request.getServletPath())) {
			Problems.write(response, 403, "read-only-role", "Read-only role",
					"Your role (AUDITOR) may look at everything but change nothing; ask an administrator to do this.");
			return;
		}
		chain.doFilter(request, response);
	}

	private boolean readsOnly() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		return SecurityConfiguration.access(policy, authentication) == Access.READ;
	}

}
