package dev.jobs.app.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.AuthenticationFailureBadCredentialsEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.stereotype.Component;

/**
 * Slows password guessing, where every guess costs a BCrypt check: too many failed sign-ins from
 * one client (any accounts) or on one account (any clients) block further password sign-ins for a
 * while, before any BCrypt check ({@link SignInThrottleFilter} answers 429 with Retry-After).
 *
 * <p>An account's block is short ({@code jobs.security.sign-in.account-block}, 30 s by default),
 * so an attacker cannot lock its real user out for long; the client's block stops one source from
 * spraying many accounts. A successful sign-in clears its account's failures. API tokens and
 * signed-in sessions are never throttled. Counts are per instance and in memory.
 */
@Component
class SignInThrottle {

	private final SecurityProperties.SignIn settings;

	private final Clock clock;

	private final Map<String, Failures> clients = new ConcurrentHashMap<>();

	private final Map<String, Failures> accounts = new ConcurrentHashMap<>();

	@Autowired
	SignInThrottle(SecurityProperties properties) {
		this(properties.getSignIn(), Clock.systemUTC());
	}

	SignInThrottle(SecurityProperties.SignIn settings, Clock clock) {
		this.settings = settings;
		this.clock = clock;
	}

	/** How long the client, or the account, must wait before its next password sign-in; empty: none. */
	Optional<Duration> blocked(String client, String account) {
		Instant now = clock.instant();
		Duration wait = Duration.ZERO;
		for (Failures failures : new Failures[] { clients.get(client), (account != null) ? accounts.get(account) : null }) {
			if (failures != null && failures.blockedUntil != null && failures.blockedUntil.isAfter(now)) {
				Duration left = Duration.between(now, failures.blockedUntil);
				wait = (left.compareTo(wait) > 0) ? left : wait;
			}
		}
		return wait.isZero() ? Optional.empty() : Optional.of(wait);
	}

	void failed(String client, String account) {
		Instant now = clock.instant();
		forgetStale(now);
		record(clients, client, now, settings.getMaxFailuresPerClient(), settings.getClientBlock());
		if (account != null) {
			record(accounts, account, now, settings.getMaxFailuresPerAccount(), settings.getAccountBlock());
		}
	}

	void succeeded(String account) {
		accounts.remove(account);
	}

	/** Forgets every failure (tests). */
	void clear() {
		clients.clear();
		accounts.clear();
	}

	@EventListener
	void onFailure(AuthenticationFailureBadCredentialsEvent event) {
		if (event.getAuthentication().getDetails() instanceof WebAuthenticationDetails details) {
			failed(details.getRemoteAddress(), event.getAuthentication().getName());
		}
	}

	@EventListener
	void onSuccess(AuthenticationSuccessEvent event) {
		if (event.getAuthentication().getDetails() instanceof WebAuthenticationDetails) {
			succeeded(event.getAuthentication().getName());
		}
	}

	private void record(Map<String, Failures> all, String key, Instant now, int max, Duration block) {
		all.compute(key, (k, failures) -> {
			Failures f = (failures == null || failures.windowStart.plus(settings.getWindow()).isBefore(now))
					? new Failures(now) : failures;
			if (++f.count >= max) {
				f.blockedUntil = now.plus(block);
				f.count = 0;
				f.windowStart = now;
			}
			return f;
		});
	}

	/** Keeps memory bounded when many clients or names fail once and never come back. */
	private void forgetStale(Instant now) {
		for (Map<String, Failures> all : java.util.List.of(clients, accounts)) {
			if (all.size() > 10_000) {
				all.values()
					.removeIf(f -> f.windowStart.plus(settings.getWindow()).isBefore(now)
							&& (f.blockedUntil == null || f.blockedUntil.isBefore(now)));
			}
		}
	}

	private static final class Failures {

		int count;

		Instant windowStart;

		Instant blockedUntil;

		Failures(Instant windowStart) {
			this.windowStart = windowStart;
		}

	}

}
