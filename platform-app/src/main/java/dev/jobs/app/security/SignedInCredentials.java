package dev.jobs.app.security;

import java.util.function.BooleanSupplier;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Component;

/**
 * For what outlives its request (a live event stream): whether the credentials the request signed
 * in with still hold. A token: until it is revoked or expires; a browser session: until it ends
 * (sign-out, expiry, invalidation); any of them: until the user is disabled or deleted.
 */
@Component
public class SignedInCredentials {

	private final ApiTokens tokens;

	private final AppUsers users;

	SignedInCredentials(ApiTokens tokens, AppUsers users) {
		this.tokens = tokens;
		this.users = users;
	}

	/** A check, to be asked now and then, of the credentials this request signed in with. */
	public BooleanSupplier stillValid(HttpServletRequest request, Authentication authentication) {
		String username = authentication.getName();
		if (authentication.getDetails() instanceof ApiTokens.SignedInByToken token) {
			return () -> tokens.isActive(token.tokenId());
		}
		HttpSession session = (request.getAttribute(AuthorizationHeaderFilter.SIGNS_IN_BY_HEADER) == null)
				? request.getSession(false) : null;
		return () -> (session == null || isLive(session)) && isActive(username);
	}

	private static boolean isLive(HttpSession session) {
		try {
			// Tomcat expires idle sessions only once a minute; an idle time past the limit already ends it.
			int maxIdleSeconds = session.getMaxInactiveInterval();
			return maxIdleSeconds <= 0
					|| System.currentTimeMillis() - session.getLastAccessedTime() < maxIdleSeconds * 1000L;
		}
		catch (IllegalStateException invalidated) {
			return false;
		}
	}

	private boolean isActive(String username) {
		try {
			return users.loadUserByUsername(username).isEnabled();
		}
		catch (UsernameNotFoundException gone) {
			return false;
		}
	}

}
