package dev.jobs.app.security;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The one rule every password meets, whoever sets it ({@code POST /api/users},
 * {@code JOBS_ADMIN_PASSWORD}): at least 12 characters, and at most 72 bytes in UTF-8, because
 * BCrypt reads no further and Spring Security refuses longer ones outright.
 */
final class PasswordPolicy {

	static final int MIN_CHARACTERS = 12;

	static final int MAX_BYTES = 72;

	static final String RULE = "must be at least " + MIN_CHARACTERS + " characters and at most " + MAX_BYTES
			+ " bytes in UTF-8 (72 ASCII characters, fewer with accented or CJK characters)";

	private PasswordPolicy() {
	}

	/** Why the password is refused; empty if it is acceptable. */
	static Optional<String> violation(String password) {
		if (password == null || password.isBlank()) {
			return Optional.of("must not be blank");
		}
		int characters = password.codePointCount(0, password.length());
		int bytes = password.getBytes(StandardCharsets.UTF_8).length;
		if (characters < MIN_CHARACTERS || bytes > MAX_BYTES) {
			return Optional.of(RULE + "; it has " + characters + " characters, " + bytes + " bytes");
		}
		return Optional.empty();
	}

}
