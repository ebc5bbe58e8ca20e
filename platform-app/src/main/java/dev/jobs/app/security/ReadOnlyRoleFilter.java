package dev.jobs.app.security;

import java.io.IOException;

import dev.jobs.app.web.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * An auditor changes nothing, on any path: every state-changing request of a signed-in
 * {@link Role#AUDITOR} is refused with 403 before any endpoint's own rule is asked, so a new
 * endpoint cannot forget it. Only signing in and out remain.
 */
class ReadOnlyRoleFilter extends OncePerRequestFilter {

	static final String AUTHORITY = "ROLE_" + Role.AUDITOR.name();

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (!SecurityConfiguration.isSafe(request.getMethod()) && isAuditor()
				&& !"/logout".equals(request.getServletPath()) && !"/login".equals(request.getServletPath())) {
			Problems.write(response, 403, "read-only-role", "Read-only role",
					"Your role (AUDITOR) may look at everything but change nothing; ask an administrator to do this.");
			return;
		}
		chain.doFilter(request, response);
	}

	private static boolean isAuditor() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		return authentication != null && authentication.isAuthenticated()
				&& authentication.getAuthorities().stream().anyMatch(a -> AUTHORITY.equals(a.getAuthority()));
	}

}
