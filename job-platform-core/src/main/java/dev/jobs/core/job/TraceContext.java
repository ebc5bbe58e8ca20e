package dev.jobs.core.job;

import java.util.Locale;
import java.util.Optional;

/**
 * A W3C trace context as the job row stores it: the {@code traceparent} header's value
 * ({@code 00-<trace id>-<span id>-<flags>}), then, if there is one, a space and the {@code tracestate}
 * header's value. A traceparent never holds a space, so the first space separates the two. Pure:
 * parsing and formatting only, with no tracer behind it.
 *
 * @param traceId 32 lower-case hex digits, not all zero
 * @param spanId 16 lower-case hex digits, not all zero: the span the job's spans are children of
 * @param sampled the sampling decision the submitter made, which the job's spans keep
 * @param traceState the vendors' {@code tracestate}, or {@code null}
 */
public record TraceContext(String traceId, String spanId, boolean sampled, String traceState) {

	private static final String VERSION = "00";

	public TraceContext {
		if (!isHex(traceId, 32) || !isHex(spanId, 16)) {
			throw new IllegalArgumentException("not a W3C trace context: trace id " + traceId + ", span id " + spanId);
		}
		traceState = (traceState == null || traceState.isBlank()) ? null : traceState.strip();
	}

	/** The stored form: {@code traceparent[ tracestate]}. */
	public String format() {
		String parent = VERSION + '-' + traceId + '-' + spanId + (sampled ? "-01" : "-00");
		return (traceState != null) ? parent + ' ' + traceState : parent;
	}

	/** The {@code traceparent} header's value. */
	public String traceparent() {
		return VERSION + '-' + traceId + '-' + spanId + (sampled ? "-01" : "-00");
	}

	/**
	 * Reads a stored context. A value that is not one (a future version's field we cannot read, a row
	 * edited by hand) is no context: the job's spans start a trace of their own rather than fail the job.
	 */
	public static Optional<TraceContext> parse(String stored) {
		if (stored == null || stored.isBlank()) {
			return Optional.empty();
		}
		String value = stored.strip();
		int space = value.indexOf(' ');
		String parent = (space < 0) ? value : value.substring(0, space);
		String state = (space < 0) ? null : value.substring(space + 1);
		String[] parts = parent.toLowerCase(Locale.ROOT).split("-");
		// Version 00 has exactly four fields; a later version may add fields after the flags (W3C: read the first four).
		if (parts.length < 4 || !isHex(parts[0], 2) || "ff".equals(parts[0]) || (VERSION.equals(parts[0]) && parts.length != 4)
				|| !isHex(parts[3], 2)) {
			return Optional.empty();
		}
		try {
			boolean sampled = (Integer.parseInt(parts[3], 16) & 1) == 1;
			return Optional.of(new TraceContext(parts[1], parts[2], sampled, state));
		}
		catch (IllegalArgumentException ex) {
			return Optional.empty();
		}
	}

	private static boolean isHex(String value, int length) {
		if (value == null || value.length() != length) {
			return false;
		}
		boolean nonZero = false;
		for (int i = 0; i < length; i++) {
			char c = value.charAt(i);
			if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
				return false;
			}
			nonZero |= c != '0';
		}
		return nonZero || length == 2;
	}

}
