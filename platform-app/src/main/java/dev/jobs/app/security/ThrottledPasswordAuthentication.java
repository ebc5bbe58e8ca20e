package dev.jobs.app.security;

import java.time.Duration;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.InternalAuthenticationServiceException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/**
 * Every password check, whichever filter carried the password (HTTP Basic, however its scheme was
 * spelt, or the login form), goes through the {@link SignInThrottle}, keyed on the name actually
 * checked: the throttle sits where the password is compared, so no spelling of a header or of a
 * name reaches BCrypt around it.
 */
class ThrottledPasswordAuthentication implements AuthenticationProvider {

	private final AuthenticationProvider passwords;

	private final SignInThrottle throttle;

	ThrottledPasswordAuthentication(AuthenticationProvider passwords, SignInThrottle throttle) {
		this.passwords = passwords;
		this.throttle = throttle;
	}

	@Override
	public Authentication authenticate(Authentication attempt) {
		String client = (attempt.getDetails() instanceof WebAuthenticationDetails details
				&& details.getRemoteAddress() != null) ? details.getRemoteAddress() : "unknown";
		String account = attempt.getName();
		throttle.begin(client, account).ifPresent(wait -> {
			throw new SignInThrottledException(wait);
		});
		boolean ended = false;
		try {
			Authentication result = passwords.authenticate(attempt);
			throttle.succeeded(client, account);
			ended = true;
			return result;
		}
		catch (InternalAuthenticationServiceException unavailable) {
			throw unavailable; // abandoned below: the password was not checked
		}
		catch (AuthenticationException refused) {
			throttle.failed(client, account);
			ended = true;
			throw refused;
		}
		finally {
			if (!ended) {
				throttle.abandoned(client, account);
			}
		}
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
	}

	/** A password sign-in refused unchecked, because its client or account failed too often. */
	static final class SignInThrottledException extends AuthenticationException {

		private final Duration wait;

		SignInThrottledException(Duration wait) {
			super("Too many failed sign-ins");
			this.wait = wait;
		}

		/** Whole seconds to wait, at least one (for Retry-After). */
		long retryAfterSeconds() {
			return Math.max(1, (wait.toMillis() + 999) / 1000);
		}

	}

}
