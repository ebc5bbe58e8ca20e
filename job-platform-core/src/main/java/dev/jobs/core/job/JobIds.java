package dev.jobs.core.job;

import java.security.SecureRandom;
import java.util.UUID;

/**
 * Time-ordered UUIDs (version 7, RFC 9562): unguessable like random UUIDs, but new ids land at the
 * right edge of the primary key index instead of all over it.
 */
final class JobIds {

	private static final SecureRandom RANDOM = new SecureRandom();

	private JobIds() {
	}

	static UUID next() {
		long millis = System.currentTimeMillis();
		long randA = RANDOM.nextInt(1 << 12);
		long msb = (millis << 16) | (0x7L << 12) | randA;
		long lsb = (RANDOM.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
		return new UUID(msb, lsb);
	}

}
