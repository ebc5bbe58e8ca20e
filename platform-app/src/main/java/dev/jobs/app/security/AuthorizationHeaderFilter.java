package dev.jobs.app.security;

import java.io.IOException;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;

import dev.jobs.app.web.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Runs after the CSRF check and before every authentication filter. An {@code Authorization}
 * header must be exactly {@code Basic <base64>} or {@code Bearer <token>} (schemes in any case),
 * and only one: anything else ({@code Basic_...}, which Spring's Basic converter would still decode,
 * {@code x}, {@code Digest ...}, two headers) is a 401, never ignored, so that no request falls back
 * to a session's stored rights because its header was not understood.
 *
 * <p>A request with a valid header signs in by itself: the session's stored authentication is
 * dropped and the session is hidden from the authentication filters and everything after them,
 * so a Basic header naming the session's user is checked with its password, and the request does
 * not use or extend the session. (The CSRF check before this filter still sees the session: a
 * browser attaches cookies and cached Basic credentials to a forged form alike.)
 */
class AuthorizationHeaderFilter extends OncePerRequestFilter {

	private static final Pattern WELL_FORMED = Pattern
		.compile("(?i:basic) [A-Za-z0-9+/]+={0,2}|(?i:bearer) [A-Za-z0-9._~+/-]+=*");

	/** Request attribute set when a request signs in by its own header, never by its session. */
	static final String SIGNS_IN_BY_HEADER = AuthorizationHeaderFilter.class.getName() + ".SIGNS_IN_BY_HEADER";

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		List<String> headers = Collections.list(request.getHeaders("Authorization"));
		if (headers.isEmpty()) {
			chain.doFilter(request, response);
			return;
		}
		if (headers.size() > 1 || !WELL_FORMED.matcher(headers.get(0)).matches()) {
			response.setHeader("WWW-Authenticate", "Basic realm=\"jobs\"");
			Problems.write(response, 401, "unsupported-authorization", "Unsupported Authorization header",
					"Send one Authorization header, either 'Basic <base64 of username:password>' or "
							+ "'Bearer <API token>'; other schemes and spellings are refused.");
			return;
		}
		SecurityContextHolder.clearContext();
		request.setAttribute(SIGNS_IN_BY_HEADER, Boolean.TRUE);
		// The login form signs in with its own fields and must see the session to rotate its id.
		boolean loginForm = "POST".equals(request.getMethod()) && "/login".equals(request.getServletPath());
		chain.doFilter(loginForm ? request : new WithoutSession(request), response);
	}

	/** The request as the authentication filters see it when it signs in by its header: sessionless. */
	private static final class WithoutSession extends HttpServletRequestWrapper {

		WithoutSession(HttpServletRequest request) {
			super(request);
		}

		@Override
		public HttpSession getSession(boolean create) {
			return create ? super.getSession(true) : null;
		}

		@Override
		public HttpSession getSession() {
			return super.getSession(true);
		}

		@Override
		public boolean isRequestedSessionIdValid() {
			return false;
		}

	}

}
