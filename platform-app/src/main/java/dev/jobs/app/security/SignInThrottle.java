package dev.jobs.app.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Slows password guessing, where every guess costs a BCrypt check: too many failed sign-ins from
 * one client (any accounts) or on one account (any clients) block further password sign-ins for a
 * while, before any BCrypt check ({@link ThrottledPasswordAuthentication} asks it around every
 * password check, whatever the scheme or spelling that carried the password).
 *
 * <p>An attempt counts as a failure from the moment it starts until it succeeds, so that many
 * guesses sent at once cannot all pass before the first of them is counted. Accounts are keyed by
 * the name as checked, trimmed and in lower case: {@code admin}, {@code Admin} and {@code admin  }
 * share one count. An account's block is short ({@code jobs.security.sign-in.account-block}, 30 s
 * by default), so an attacker cannot lock its real user out for long; the client's block stops one
 * source from spraying many accounts. A successful sign-in clears its account's failures. API
 * tokens and signed-in sessions are never throttled. Counts are per instance and in memory.
 */
@Component
class SignInThrottle {

	private final SecurityProperties.SignIn settings;

	private final Clock clock;

	private final Map<String, Failures> clients = new HashMap<>();

	private final Map<String, Failures> accounts = new HashMap<>();

	@Autowired
	SignInThrottle(SecurityProperties properties) {
		this(properties.getSignIn(), Clock.systemUTC());
	}

	SignInThrottle(SecurityProperties.SignIn settings, Clock clock) {
		this.settings = settings;
		this.clock = clock;
	}

	/**
	 * Starts a password check of an account from a client, unless one of them is blocked.
	 * @return how long the client, or the account, must wait; empty: the attempt may go on, and
	 * must be ended by {@link #failed}, {@link #succeeded} or {@link #abandoned}
	 */
	synchronized Optional<Duration> begin(String client, String account) {
		Instant now = clock.instant();
		forgetStale(now);
		Failures byClient = current(clients, client, now);
		Failures byAccount = current(accounts, key(account), now);
		Duration wait = longest(now, byClient.blockedUntil, byAccount.blockedUntil);
		if (!wait.isZero()) {
			return Optional.of(wait);
		}
		// Attempts under way count as failures until they end: a burst cannot outrun the count.
		if (byClient.count + byClient.inFlight >= settings.getMaxFailuresPerClient()
				|| byAccount.count + byAccount.inFlight >= settings.getMaxFailuresPerAccount()) {
			return Optional.of(Duration.ofSeconds(1));
		}
		byClient.inFlight++;
		byAccount.inFlight++;
		return Optional.empty();
	}

	synchronized void failed(String client, String account) {
		Instant now = clock.instant();
		end(clients, client, now, settings.getMaxFailuresPerClient(), settings.getClientBlock(), true);
		end(accounts, key(account), now, settings.getMaxFailuresPerAccount(), settings.getAccountBlock(), true);
	}

	synchronized void succeeded(String client, String account) {
		Instant now = clock.instant();
		end(clients, client, now, settings.getMaxFailuresPerClient(), settings.getClientBlock(), false);
		accounts.remove(key(account));
	}

	/** The check could not be made (the database is away): neither a failure nor a success. */
	synchronized void abandoned(String client, String account) {
		Instant now = clock.instant();
		end(clients, client, now, settings.getMaxFailuresPerClient(), settings.getClientBlock(), false);
		end(accounts, key(account), now, settings.getMaxFailuresPerAccount(), settings.getAccountBlock(), false);
	}

	/** Forgets every failure (tests). */
	synchronized void clear() {
		clients.clear();
		accounts.clear();
	}

	/** The name as the throttle counts it: one count whatever the case or the spaces around it. */
	static String key(String account) {
		return (account != null) ? account.strip().toLowerCase(Locale.ROOT) : "";
	}

	private Failures current(Map<String, Failures> all, String key, Instant now) {
		Failures failures = all.computeIfAbsent(key, k -> new Failures(now));
		if (failures.windowStart.plus(settings.getWindow()).isBefore(now)) {
			failures.count = 0;
			failures.windowStart = now;
		}
		return failures;
	}

	private void end(Map<String, Failures> all, String key, Instant now, int max, Duration block, boolean failed) {
		Failures failures = all.get(key);
		if (failures == null) {
			return;
		}
		failures.inFlight = Math.max(0, failures.inFlight - 1);
		if (failed) {
			if (failures.windowStart.plus(settings.getWindow()).isBefore(now)) {
				failures.count = 0;
				failures.windowStart = now;
			}
			if (++failures.count >= max) {
				failures.blockedUntil = now.plus(block);
				failures.count = 0;
				failures.windowStart = now;
			}
		}
	}

	private static Duration longest(Instant now, Instant... blockedUntil) {
		Duration wait = Duration.ZERO;
		for (Instant until : blockedUntil) {
			if (until != null && until.isAfter(now)) {
				Duration left = Duration.between(now, until);
				wait = (left.compareTo(wait) > 0) ? left : wait;
			}
		}
		return wait;
	}

	/** Keeps memory bounded when many clients or names fail once and never come back. */
	private void forgetStale(Instant now) {
		for (Map<String, Failures> all : List.of(clients, accounts)) {
			if (all.size() > 10_000) {
				all.values()
					.removeIf(f -> f.inFlight == 0 && f.windowStart.plus(settings.getWindow()).isBefore(now)
							&& (f.blockedUntil == null || f.blockedUntil.isBefore(now)));
			}
		}
	}

	private static final class Failures {

		int count;

		int inFlight;

		Instant windowStart;

		Instant blockedUntil;

		Failures(Instant windowStart) {
			this.windowStart = windowStart;
		}

	}

}
