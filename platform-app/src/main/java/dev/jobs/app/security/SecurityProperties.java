package dev.jobs.app.security;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** The app's own security settings, under {@code jobs.security}. */
@ConfigurationProperties("jobs.security")
public class SecurityProperties {

	/**
	 * Origins (scheme://host[:port]) besides this service's own from which browsers may send
	 * state-changing requests, e.g. a separately hosted UI. Empty: only this service's own pages.
	 */
	private List<String> allowedOrigins = new ArrayList<>();

	/** Whether the OpenAPI document and Swagger UI are served without sign-in. */
	private boolean publicApiDocs = false;

	public boolean isPublicApiDocs() {
		return publicApiDocs;
	}

	public void setPublicApiDocs(boolean publicApiDocs) {
		this.publicApiDocs = publicApiDocs;
	}

	/** Throttling of failed password sign-ins. */
	private final SignIn signIn = new SignIn();

	public SignIn getSignIn() {
		return signIn;
	}

	/** Limits on API tokens. */
	private final Tokens tokens = new Tokens();

	public Tokens getTokens() {
		return tokens;
	}

	/** Limits on live notification streams. */
	private final Streams streams = new Streams();

	public Streams getStreams() {
		return streams;
	}

	public List<String> getAllowedOrigins() {
		return allowedOrigins;
	}

	public void setAllowedOrigins(List<String> allowedOrigins) {
		this.allowedOrigins = allowedOrigins;
	}

	public static class SignIn {

		/** Failed sign-ins from one client (IP address), within the window, that block it. */
		private int maxFailuresPerClient = 20;

		/** Failed sign-ins on one account, within the window, that block it. */
		private int maxFailuresPerAccount = 5;

		/** The window in which failures are counted. */
		private Duration window = Duration.ofMinutes(5);

		/** How long a client that failed too often must wait. */
		private Duration clientBlock = Duration.ofMinutes(5);

		/** How long an account that failed too often is blocked; short, so that its real user is not locked out. */
		private Duration accountBlock = Duration.ofSeconds(30);

		public int getMaxFailuresPerClient() {
			return maxFailuresPerClient;
		}

		public void setMaxFailuresPerClient(int maxFailuresPerClient) {
			this.maxFailuresPerClient = maxFailuresPerClient;
		}

		public int getMaxFailuresPerAccount() {
			return maxFailuresPerAccount;
		}

		public void setMaxFailuresPerAccount(int maxFailuresPerAccount) {
			this.maxFailuresPerAccount = maxFailuresPerAccount;
		}

		public Duration getWindow() {
			return window;
		}

		public void setWindow(Duration window) {
			this.window = window;
		}

		public Duration getClientBlock() {
			return clientBlock;
		}

		public void setClientBlock(Duration clientBlock) {
			this.clientBlock = clientBlock;
		}

		public Duration getAccountBlock() {
			return accountBlock;
		}

		public void setAccountBlock(Duration accountBlock) {
			this.accountBlock = accountBlock;
		}

	}

	public static class Tokens {

		/** Active (unrevoked, unexpired) API tokens one user may hold; one more is a 409. */
		private int maxPerUser = 20;

		public int getMaxPerUser() {
			return maxPerUser;
		}

		public void setMaxPerUser(int maxPerUser) {
			if (maxPerUser < 1) {
				throw new IllegalArgumentException("jobs.security.tokens.max-per-user must be at least 1");
			}
			this.maxPerUser = maxPerUser;
		}

	}

	public static class Streams {

		/** Live notification streams one user may hold open on one instance; one more is a 429. */
		private int maxPerUser = 5;

		/** Live notification streams all users together may hold open on one instance; one more is a 503. */
		private int maxTotal = 500;

		/** How often an open stream's credentials are checked again; a stream whose credentials ended is closed. */
		private java.time.Duration recheckInterval = java.time.Duration.ofSeconds(30);

		public int getMaxPerUser() {
			return maxPerUser;
		}

		public void setMaxPerUser(int maxPerUser) {
			this.maxPerUser = maxPerUser;
		}

		public int getMaxTotal() {
			return maxTotal;
		}

		public void setMaxTotal(int maxTotal) {
			this.maxTotal = maxTotal;
		}

		public java.time.Duration getRecheckInterval() {
			return recheckInterval;
		}

		public void setRecheckInterval(java.time.Duration recheckInterval) {
			this.recheckInterval = recheckInterval;
		}

	}

}
