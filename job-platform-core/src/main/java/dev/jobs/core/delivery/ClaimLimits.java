package dev.jobs.core.delivery;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

import dev.jobs.core.job.RegisteredJobType;

/**
 * Which types' claims go through {@code LimitedClaims} on this instance: those with a limit across the cluster
 * configured ({@code jobs.types.<TYPE>.global-concurrency}, {@code .rate-limit}) or set by an operator (applied by
 * the controls' watcher within about a second); and when a claim held back by a limit stops waiting.
 */
final class ClaimLimits {

	/** The longest a held claim sleeps before it looks again (and at the stop and the pause). */
	static final Duration MAX_WAIT = Duration.ofMillis(250);

	private final Map<String, Boolean> limited = new ConcurrentHashMap<>();

	/** The types an operator paused on this instance ({@link Workers}'): held claims give their deliveries back. */
	private final Set<String> paused = ConcurrentHashMap.newKeySet();

	Set<String> pausedTypes() {
		return paused;
	}

	boolean applies(RegisteredJobType type) {
		return limited.getOrDefault(type.name(), type.settings().limited());
	}

	/** The limits in force for a type changed (an operator set or reset one). */
	void set(String type, boolean applies) {
		limited.put(type, applies);
	}

	boolean paused(String type) {
		return paused.contains(type);
	}

	/**
	 * How long a held claim sleeps: until the next start is allowed (plus a little spread, so the consumers that
	 * wait do not all ask at the same millisecond), or a short while when only a running attempt's end makes room.
	 */
	static long sleepMillis(Duration waitFor) {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		long millis = (waitFor != null) ? waitFor.toMillis() + random.nextLong(0, 5) : random.nextLong(20, 120);
		return Math.min(millis, MAX_WAIT.toMillis());
	}

}
