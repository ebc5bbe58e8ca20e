package dev.jobs.dashboard;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.jobs.core.JobBrowser.JobSearch;
import dev.jobs.core.JobStatus;

/**
 * The jobs page's filter as the browser sends it: type, status, owner, a time range typed in the
 * viewer's local time (with the browser's offset in {@code tz}, minutes as JavaScript's
 * {@code getTimezoneOffset} gives them) and a search text. A value that does not parse is an
 * error, never silently dropped: a bulk action over a filter that lost a condition would touch
 * more jobs than the operator saw.
 */
public record JobFilter(String type, String status, String owner, String from, String to, String tz, String q,
		List<String> errors) {

	static JobFilter of(Map<String, String> params) {
		return new JobFilter(blank(params.get("type")), blank(params.get("status")), blank(params.get("owner")),
				blank(params.get("from")), blank(params.get("to")), blank(params.get("tz")), blank(params.get("q")),
				new ArrayList<>());
	}

	JobSearch toSearch() {
		JobStatus parsedStatus = null;
		if (status != null) {
			try {
				parsedStatus = JobStatus.valueOf(status.toUpperCase(Locale.ROOT));
			}
			catch (IllegalArgumentException ex) {
				errors.add("status: unknown status " + status);
			}
		}
		ZoneOffset offset = ZoneOffset.UTC;
		if (tz != null) {
			try {
				offset = ZoneOffset.ofTotalSeconds(-Integer.parseInt(tz) * 60);
			}
			catch (RuntimeException ex) {
				errors.add("tz: not a time-zone offset in minutes: " + tz);
			}
		}
		return new JobSearch(type, parsedStatus, owner, instant("from", from, offset), instant("to", to, offset), q);
	}

	private Instant instant(String field, String value, ZoneOffset offset) {
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

	/** The filter as query parameters, to keep it across pages and actions. */
	public String query() {
		Map<String, String> params = asMap();
		StringBuilder query = new StringBuilder();
		params.forEach((name, value) -> {
			query.append(query.isEmpty() ? "" : "&")
				.append(name)
				.append('=')
				.append(URLEncoder.encode(value, StandardCharsets.UTF_8));
		});
		return query.toString();
	}

	public Map<String, String> asMap() {
		Map<String, String> params = new LinkedHashMap<>();
		put(params, "type", type);
		put(params, "status", status);
		put(params, "owner", owner);
		put(params, "from", from);
		put(params, "to", to);
		put(params, "tz", tz);
		put(params, "q", q);
		return params;
	}

	public boolean isEmpty() {
		return type == null && status == null && owner == null && from == null && to == null && q == null;
	}

	private static void put(Map<String, String> params, String name, String value) {
		if (value != null) {
			params.put(name, value);
		}
	}

	private static String blank(String value) {
		return (value == null || value.isBlank()) ? null : value.trim();
	}

}
