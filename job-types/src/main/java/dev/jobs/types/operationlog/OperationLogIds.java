package dev.jobs.types.operationlog;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Time-ordered UUIDs (version 7) for entries: the primary key index grows at its right edge, and the
 * id doubles as the message id that makes re-deliveries harmless.
 */
final class OperationLogIds {

	private OperationLogIds() {
	}

	static UUID next() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		long millis = System.currentTimeMillis();
		long msb = (millis << 16) | (0x7L << 12) | random.nextInt(1 << 12);
		long lsb = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
		return new UUID(msb, lsb);
	}

}
