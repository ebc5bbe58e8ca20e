package dev.jobs.app.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.stereotype.Component;

/**
 * Personal API tokens: created by their owner with a password or a signed-in browser (never with
 * another token, so a stolen token cannot outlive its revocation through offspring), revoked by
 * their owner, optionally expiring, stored as SHA-256 hashes, shown in full only once, at creation.
 * A user holds at most {@code jobs.security.tokens.max-per-user} active tokens.
 */
@Component
class ApiTokens {

	static final String PREFIX = "jobs_";

	private static final char[] ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

	private final SecureRandom random = new SecureRandom();

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private final SecurityProperties.Tokens limits;

	ApiTokens(JdbcClient jdbc, PlatformTransactionManager transactionManager, SecurityProperties properties) {
		this.jdbc = jdbc;
		this.transactions = new TransactionTemplate(transactionManager);
		this.limits = properties.getTokens();
	}

	/** A token as listed: never the secret. */
	record TokenInfo(long id, String name, String prefix, Instant createdAt, Instant lastUsedAt, Instant expiresAt) {
	}

	/** A token just created: the only time its secret is shown. */
	record NewToken(long id, String name, String token, Instant expiresAt) {
	}

	/** Who a valid token belongs to. */
	record Owner(String username, Role role, long tokenId) {
	}

	/** Marks a request signed in by an API token (the authentication's details). */
	record SignedInByToken(long tokenId) {
	}

	/**
	 * @param expiresAt when the token stops working; {@code null}: when it is revoked
	 * @throws TooManyTokensException if the user already has {@code jobs.security.tokens.max-per-user}
	 * active tokens
	 */
	NewToken create(long userId, String name, Instant expiresAt) {
		int maxPerUser = limits.getMaxPerUser();
		return transactions.execute(status -> {
			// The user's row lock makes concurrent creations count one after the other.
			jdbc.sql("select id from app_user where id = :user for update").param("user", userId).query(Long.class)
				.optional();
			long active = jdbc.sql("select count(*) from api_token where user_id = :user and revoked_at is null "
					+ "and (expires_at is null or expires_at > now())")
				.param("user", userId)
				.query(Long.class)
				.single();
			if (active >= maxPerUser) {
				throw new TooManyTokensException("You have " + active + " active API tokens, the most one user may "
						+ "have (jobs.security.tokens.max-per-user = " + maxPerUser + "). Revoke one you no longer "
						+ "use (DELETE /api/tokens/{id}) before creating another.");
			}
			return insert(userId, name, expiresAt);
		});
	}

	private NewToken insert(long userId, String name, Instant expiresAt) {
		StringBuilder secret = new StringBuilder(PREFIX);
		for (int i = 0; i < 40; i++) {
			secret.append(ALPHABET[random.nextInt(ALPHABET.length)]);
		}
		String token = secret.toString();
		long id = jdbc.sql("""
				insert into api_token (user_id, name, token_hash, token_prefix, expires_at)
				values (:user, :name, :hash, :prefix, :expiresAt) returning id
				""")
			.param("user", userId)
			.param("expiresAt", (expiresAt != null) ? java.sql.Timestamp.from(expiresAt) : null, java.sql.Types.TIMESTAMP)
			.param("name", name)
			.param("hash", hash(token))
			.param("prefix", token.substring(0, 12))
			.query(Long.class)
			.single();
		return new NewToken(id, name, token, expiresAt);
	}

	List<TokenInfo> list(long userId) {
		return jdbc.sql("""
				select id, name, token_prefix, created_at, last_used_at, expires_at from api_token
				 where user_id = :user and revoked_at is null and (expires_at is null or expires_at > now())
				 order by id
				""")
			.param("user", userId)
			.query((rs, n) -> new TokenInfo(rs.getLong("id"), rs.getString("name"), rs.getString("token_prefix"),
					instant(rs.getObject("created_at", OffsetDateTime.class)),
					instant(rs.getObject("last_used_at", OffsetDateTime.class)),
					instant(rs.getObject("expires_at", OffsetDateTime.class))))
			.list();
	}

	/** @return false if the user has no such active token */
	boolean revoke(long userId, long tokenId) {
		return jdbc.sql("update api_token set revoked_at = now() where id = :id and user_id = :user "
				+ "and revoked_at is null")
			.param("id", tokenId)
			.param("user", userId)
			.update() == 1;
	}

	/**
	 * The owner of an active, unexpired token of an active user, if the token is one: a read, no
	 * commit. Its last use is recorded at most once a minute per token ({@link #LAST_USE_RESOLUTION}),
	 * by a conditional update that skips a row another request is updating: concurrent requests of
	 * one token never queue on its row lock, and most requests answer after their own one commit.
	 */
	Optional<Owner> authenticate(String token) {
		if (token == null || !token.startsWith(PREFIX) || token.length() > 100) {
			return Optional.empty();
		}
		String hash = hash(token);
		Optional<SignedIn> signedIn = jdbc.sql("""
				select t.id, u.username, u.role,
				       (t.last_used_at is null or t.last_used_at < now() - interval '1 minute') as stale
				  from api_token t join app_user u on u.id = t.user_id
				 where t.token_hash = :hash and t.revoked_at is null
				   and (t.expires_at is null or t.expires_at > now())
				   and u.status = 'ACTIVE' and not u.deleted
				""")
			.param("hash", hash)
			.query((rs, n) -> new SignedIn(rs.getLong("id"),
					new Owner(rs.getString("username"), Role.valueOf(rs.getString("role")), rs.getLong("id")),
					rs.getBoolean("stale")))
			.optional();
		signedIn.filter(SignedIn::lastUseStale).ifPresent(s -> recordUse(s.tokenId()));
		return signedIn.map(SignedIn::owner);
	}

	/** Whether a token still signs its owner in: not revoked, not expired, its user active. */
	boolean isActive(long tokenId) {
		return jdbc.sql("""
				select exists (select 1 from api_token t join app_user u on u.id = t.user_id
				 where t.id = :id and t.revoked_at is null and (t.expires_at is null or t.expires_at > now())
				   and u.status = 'ACTIVE' and not u.deleted)
				""").param("id", tokenId).query(Boolean.class).single();
	}

	/** How precisely {@code last_used_at} follows the token's use. */
	static final Duration LAST_USE_RESOLUTION = Duration.ofMinutes(1);

	private record SignedIn(long tokenId, Owner owner, boolean lastUseStale) {
	}

	private void recordUse(long tokenId) {
		// SKIP LOCKED: if another request of this token is recording its use right now, this one
		// need not wait for it; the minute's use is recorded either way.
		jdbc.sql("""
				update api_token set last_used_at = now()
				 where id = (select id from api_token where id = :id
				               and (last_used_at is null or last_used_at < now() - interval '1 minute')
				               for update skip locked)
				""")
			.param("id", tokenId)
			.update();
	}

	static String hash(String token) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static Instant instant(OffsetDateTime value) {
		return (value != null) ? value.toInstant() : null;
	}

}
