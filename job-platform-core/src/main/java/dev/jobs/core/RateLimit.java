package dev.jobs.core;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * At most {@code permits} starts of a job type per {@code period}, across every instance
 * ({@code jobs.types.<TYPE>.rate-limit}, e.g. {@code 10/1s} for an SMTP provider's ten mails a second).
 *
 * <p>Starts are spaced evenly, one every {@link #spacing()}, rather than let through in bursts: in any window of
 * one period at most {@code permits} start (plus the one on its closing edge), however long the type waited
 * before. Jobs over the limit wait in their queue; none is failed, dead-lettered or charged an attempt.
 *
 * @param permits starts per period, at least 1
 * @param period the period, at least a millisecond
 */
public record RateLimit(int permits, Duration period) {

	private static final Pattern TEXT = Pattern.compile("\\s*(\\d{1,9})\\s*/\\s*(\\d{0,9})\\s*(ms|s|m|h|d)\\s*");

	/** The shortest spacing the claim path keeps (the database's clock counts microseconds). */
	private static final Duration FINEST = Duration.ofNanos(1_000);

	public RateLimit {
		if (permits < 1) {
			throw new IllegalArgumentException("a rate limit needs at least 1 start per period, was " + permits);
		}
		if (period == null || period.compareTo(Duration.ofMillis(1)) < 0) {
			throw new IllegalArgumentException("a rate limit's period must be at least 1ms, was " + period);
		}
		if (period.dividedBy(permits).compareTo(FINEST) < 0) {
			throw new IllegalArgumentException("a rate limit of " + permits + " per " + period
					+ " is finer than one start per microsecond; limit the concurrency instead");
		}
	}

	/**
	 * Reads {@code 10/1s}, {@code 10/s}, {@code 600/1m}, {@code 5000/1h}, {@code 250/500ms}.
	 * @throws IllegalArgumentException naming the expected form
	 */
	public static RateLimit parse(String text) {
		Matcher m = (text != null) ? TEXT.matcher(text.toLowerCase(Locale.ROOT)) : null;
		if (m == null || !m.matches()) {
			throw new IllegalArgumentException("'" + text + "' is not a rate limit: write starts/period, e.g. 10/1s, "
					+ "10/s, 600/1m, 250/500ms");
		}
		long amount = m.group(2).isEmpty() ? 1 : Long.parseLong(m.group(2));
		Duration period = switch (m.group(3)) {
			case "ms" -> Duration.ofMillis(amount);
			case "s" -> Duration.ofSeconds(amount);
			case "m" -> Duration.ofMinutes(amount);
			case "h" -> Duration.ofHours(amount);
			default -> Duration.ofDays(amount);
		};
		return new RateLimit(Integer.parseInt(m.group(1)), period);
	}

	/** The time between two starts. */
	public Duration spacing() {
		return period.dividedBy(permits);
	}

	/** As {@link #parse} reads it, e.g. {@code 10/1s}. */
	@Override
	public String toString() {
		long millis = period.toMillis();
		if (millis % 86_400_000 == 0) {
			return permits + "/" + (millis / 86_400_000) + "d";
		}
		if (millis % 3_600_000 == 0) {
			return permits + "/" + (millis / 3_600_000) + "h";
		}
		if (millis % 60_000 == 0) {
			return permits + "/" + (millis / 60_000) + "m";
		}
		if (millis % 1_000 == 0) {
			return permits + "/" + (millis / 1_000) + "s";
		}
		return permits + "/" + millis + "ms";
	}

}
