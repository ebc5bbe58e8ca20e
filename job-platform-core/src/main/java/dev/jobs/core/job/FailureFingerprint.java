package dev.jobs.core.job;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The cause of a failure as the failure groups see it: the job's type, the exception class, the message with its
 * ids, numbers and quoted values masked, and the first application frame of the stack trace. Two failures with the
 * same cause share a fingerprint, whatever ids and numbers their messages carried. Pure: computed where a failure is
 * recorded ({@link AttemptEnds}, {@link OutboxRows}) and nowhere else, so the grouping has one definition.
 */
public final class FailureFingerprint {

	/** Hex digits of the fingerprint: 80 bits of SHA-256, far from any collision at the number of causes there are. */
	static final int LENGTH = 20;

	static final int MAX_MESSAGE = 1000;

	private static final Pattern UUID = Pattern
		.compile("\\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\\b");

	private static final Pattern QUOTED = Pattern.compile("'[^'\\n]*'|\"[^\"\\n]*\"|`[^`\\n]*`");

	/** Hex ids (hashes, object ids, 0x addresses): 8 hex digits or more with at least one digit among them. */
	private static final Pattern HEX = Pattern.compile("\\b(?:0x)?(?=[0-9a-fA-F]*\\d)[0-9a-fA-F]{8,}\\b");

	private static final Pattern NUMBER = Pattern.compile("\\d+(?:[.,]\\d+)*");

	private static final Pattern SPACES = Pattern.compile("\\s+");

	/** {@code com.example.Foo: message} or {@code com.example.Foo} alone, as the worker records an exception. */
	private static final Pattern EXCEPTION = Pattern
		.compile("^((?:[a-zA-Z_$][\\w$]*\\.)+[A-Z][\\w$]*)(?::\\s?(.*))?$", Pattern.DOTALL);

	private static final Pattern FRAME = Pattern.compile("^\\s*at\\s+(?:[\\w.$/@-]+/)?([\\w$.]+)\\.([\\w$<>]+)\\(");

	/**
	 * Frames of the JDK, the frameworks and the platform itself: where every failure passes, so never what tells two
	 * causes apart.
	 */
	private static final List<String> FRAMEWORK_PACKAGES = List.of("java.", "javax.", "jdk.", "sun.", "com.sun.",
			"jakarta.", "org.springframework.", "org.apache.", "org.hibernate.", "org.postgresql.", "com.zaxxer.",
			"com.rabbitmq.", "io.micrometer.", "com.fasterxml.", "tools.jackson.", "org.slf4j.", "ch.qos.",
			"org.junit.", "org.awaitility.", "kotlin.", "scala.", "dev.jobs.core.");

	/**
	 * What a fingerprint stands for.
	 * @param exceptionClass the exception's class, or {@code null} when the error names none (a timeout, a lost lease)
	 * @param message the message with ids, numbers and quoted values masked
	 * @param frame the first application frame ({@code com.example.Billing.charge}), or {@code null} when none
	 */
	public record Cause(String type, String exceptionClass, String message, String frame) {

		/** The fingerprint: a hash of the four, so that it fits an index and a URL. */
		public String fingerprint() {
			String key = String.join("\n", type, nullToEmpty(exceptionClass), message, nullToEmpty(frame));
			try {
				byte[] hash = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
				return HexFormat.of().formatHex(hash).substring(0, LENGTH);
			}
			catch (NoSuchAlgorithmException ex) {
				throw new IllegalStateException("every Java runtime has SHA-256", ex);
			}
		}

	}

	private FailureFingerprint() {
	}

	/**
	 * The cause of a failure.
	 * @param error what the attempt history says ({@code com.example.Foo: message}, or a sentence of the platform's)
	 * @param stackTrace the exception's stack trace, or {@code null}
	 */
	public static Cause of(String type, String error, String stackTrace) {
		String text = (error != null) ? error.strip() : "";
		String exceptionClass = null;
		String message = text;
		Matcher exception = EXCEPTION.matcher(text);
		if (exception.matches()) {
			exceptionClass = exception.group(1);
			message = (exception.group(2) != null) ? exception.group(2) : "";
		}
		return new Cause(type, exceptionClass, mask(message), firstApplicationFrame(stackTrace));
	}

	/** The message with UUIDs, quoted values, hex ids and numbers replaced by placeholders, on one line. */
	public static String mask(String message) {
		if (message == null) {
			return "";
		}
		String masked = UUID.matcher(message).replaceAll("<uuid>");
		masked = QUOTED.matcher(masked).replaceAll("<value>");
		masked = HEX.matcher(masked).replaceAll("<hex>");
		masked = NUMBER.matcher(masked).replaceAll("<n>");
		masked = SPACES.matcher(masked).replaceAll(" ").strip();
		return (masked.length() > MAX_MESSAGE) ? masked.substring(0, MAX_MESSAGE) : masked;
	}

	/**
	 * The first frame, top down, of a class outside the JDK, the frameworks and the platform: where the application's
	 * code failed. Class and method only; a line number changes with every release and would split a cause in two.
	 */
	static String firstApplicationFrame(String stackTrace) {
		if (stackTrace == null) {
			return null;
		}
		for (String line : stackTrace.split("\\R")) {
			Matcher frame = FRAME.matcher(line);
			if (frame.find() && FRAMEWORK_PACKAGES.stream().noneMatch(frame.group(1)::startsWith)) {
				String method = frame.group(1) + "." + frame.group(2);
				return (method.length() > 500) ? method.substring(0, 500) : method;
			}
		}
		return null;
	}

	private static String nullToEmpty(String value) {
		return (value != null) ? value : "";
	}

}
