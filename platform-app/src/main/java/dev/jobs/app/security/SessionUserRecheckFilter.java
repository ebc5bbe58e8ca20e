package dev.jobs.app.security;

import java.io.IOException;
import java.util.HashSet;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Checks a signed-in browser session against the user as stored now, on every request, as Basic
 * and API tokens are checked: a disabled or deleted user's session ends at its next request, and a
 * re-roled user's session carries the new role from then on. One indexed read per request; no
 * password check.
 */
class SessionUserRecheckFilter extends OncePerRequestFilter {

	private final AppUsers users;

	private final SecurityContextRepository sessions = new HttpSessionSecurityContextRepository();

	SessionUserRecheckFilter(AppUsers users) {
		this.users = users;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		HttpSession session = request.getSession(false);
		Authentication signedIn = SecurityContextHolder.getContext().getAuthentication();
		// Runs after the authentication filters. A request with an Authorization header signed in by
		// itself (AuthorizationHeaderFilter hid its session); everything else here came from the session.
		if (session == null || request.getAttribute(AuthorizationHeaderFilter.SIGNS_IN_BY_HEADER) != null
				|| signedIn == null
				|| !signedIn.isAuthenticated() || signedIn instanceof AnonymousAuthenticationToken) {
			chain.doFilter(request, response);
			return;
		}
		UserDetails current;
		try {
			current = users.loadUserByUsername(signedIn.getName());
		}
		catch (UsernameNotFoundException gone) {
			current = null;
		}
		if (current == null || !current.isEnabled()) {
			SecurityContextHolder.clearContext();
			session.invalidate();
		}
		else if (!new HashSet<>(current.getAuthorities()).equals(new HashSet<>(signedIn.getAuthorities()))) {
			SecurityContext context = SecurityContextHolder.createEmptyContext();
			context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(signedIn.getPrincipal(), null,
					current.getAuthorities()));
			SecurityContextHolder.setContext(context);
			sessions.saveContext(context, request, response);
		}
		chain.doFilter(request, response);
	}

}
