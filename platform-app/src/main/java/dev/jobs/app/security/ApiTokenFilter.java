package dev.jobs.app.security;

import java.io.IOException;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;

import dev.jobs.app.web.Problems;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Signs a request in by {@code Authorization: Bearer jobs_...}. A token that is not valid is a 401
 * with a problem body, not an anonymous request; a valid token asking for what no token may do
 * ({@link TokenScope}) is a 403.
 */
class ApiTokenFilter extends OncePerRequestFilter {

	private final ApiTokens tokens;

	ApiTokenFilter(ApiTokens tokens) {
		this.tokens = tokens;
	}

	static boolean carriesBearerToken(HttpServletRequest request) {
		String header = request.getHeader("Authorization");
		return header != null && header.regionMatches(true, 0, "Bearer ", 0, 7);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (!carriesBearerToken(request)) {
			chain.doFilter(request, response);
			return;
		}
		String header = request.getHeader("Authorization");
		var owner = tokens.authenticate(header.substring(7).trim());
		if (owner.isEmpty()) {
			Problems.write(response, 401, "invalid-token", "Invalid API token",
					"The bearer token is unknown, revoked, expired, or belongs to a disabled user. Create a new one with "
							+ "POST /api/tokens.");
			return;
		}
		if (!TokenScope.allows(request)) {
			Problems.write(response, 403, "not-allowed-with-token", "Not allowed with an API token",
					"An API token may not change users, tokens, schedules or the dashboard: what it made would outlive "
							+ "its revocation. Sign in with your password or in the browser to do this.");
			return;
		}
		var authentication = UsernamePasswordAuthenticationToken.authenticated(owner.get().username(), null,
				List.of(new SimpleGrantedAuthority("ROLE_" + owner.get().role().name())));
		authentication.setDetails(new ApiTokens.SignedInByToken(owner.get().tokenId()));
		SecurityContext context = SecurityContextHolder.createEmptyContext();
		context.setAuthentication(authentication);
		SecurityContextHolder.setContext(context);
		try {
			chain.doFilter(request, response);
		}
		finally {
			SecurityContextHolder.clearContext();
		}
	}

}
