package dev.jobs.dashboard;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

/**
 * What the pages' filters share: a blank parameter is no condition, a time typed in the viewer's
 * local time is read with the browser's offset ({@code tz}, minutes as JavaScript's
 * {@code getTimezoneOffset} gives them), and a value that does not parse becomes an error naming its
 * field rather than a dropped condition.
 */
final class FilterParams {

	private FilterParams() {
	}

	static String blank(String value) {
		return (value == null || value.isBlank()) ? null : value.trim();
	}

	static ZoneOffset offset(String tz, List<String> errors) {
		if (tz == null) {
			return ZoneOffset.UTC;
		}
		try {
			return ZoneOffset.ofTotalSeconds(-Integer.parseInt(tz) * 60);
		}
		catch (RuntimeException ex) {
			errors.add("tz: not a time-zone offset in minutes: " + tz);
			return ZoneOffset.UTC;
		}
	}

	static Instant instant(String field, String value, ZoneOffset offset, List<String> errors) {
		if (value == null) {
			return null;
		}
		try {
			return Instant.parse(value);
		}
		catch (DateTimeParseException ex) {
			try {
				return LocalDateTime.parse(value).toInstant(offset);
			}
			catch (DateTimeParseException again) {
				errors.add(field + ": not a date and time (e.g. 2026-12-01T09:30): " + value);
				return null;
			}
		}
	}

	/** The parameters as a query string, to keep a filter across pages and actions. */
	static String query(Map<String, String> params) {
		StringBuilder query = new StringBuilder();
		params.forEach((name, value) -> query.append(query.isEmpty() ? "" : "&")
			.append(name)
			.append('=')
			.append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
		return query.toString();
	}

	static void put(Map<String, String> params, String name, String value) {
		if (value != null) {
			params.put(name, value);
		}
	}

}
