package dev.jobs.app.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

import dev.jobs.app.web.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Answers a password sign-in (Basic, or the login form) with 429 and Retry-After while its client
 * or account is blocked by the {@link SignInThrottle}, before the password is checked.
 */
class SignInThrottleFilter extends OncePerRequestFilter {

	private final SignInThrottle throttle;

	SignInThrottleFilter(SignInThrottle throttle) {
		this.throttle = throttle;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Optional<String> account = passwordSignIn(request);
		if (account.isPresent()) {
			Optional<Duration> wait = throttle.blocked(request.getRemoteAddr(), account.get());
			if (wait.isPresent()) {
				long seconds = Math.max(1, (wait.get().toMillis() + 999) / 1000);
				response.setHeader("Retry-After", String.valueOf(seconds));
				Problems.write(response, 429, "too-many-sign-in-failures", "Too many failed sign-ins",
						"Too many failed sign-ins from this client or for this account; try again in " + seconds
								+ " s. API tokens and signed-in sessions are not affected.");
				return;
			}
		}
		chain.doFilter(request, response);
	}

	/** The account a request tries to sign in to with a password, if it does. */
	private static Optional<String> passwordSignIn(HttpServletRequest request) {
		String header = request.getHeader("Authorization");
		if (header != null && header.regionMatches(true, 0, "Basic ", 0, 6)) {
			try {
				String decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()),
						StandardCharsets.UTF_8);
				int colon = decoded.indexOf(':');
				return (colon >= 0) ? Optional.of(decoded.substring(0, colon)) : Optional.empty();
			}
			catch (IllegalArgumentException notBase64) {
				return Optional.empty(); // refused by the Basic filter without a password check
			}
		}
		if ("POST".equals(request.getMethod()) && "/login".equals(request.getServletPath())) {
			return Optional.of(String.valueOf(request.getParameter("username")));
		}
		return Optional.empty();
	}

}
