package dev.jobs.dashboard;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.jobs.core.JobBrowser.JobSearch;
import dev.jobs.core.JobStatus;

import static dev.jobs.dashboard.FilterParams.blank;
import static dev.jobs.dashboard.FilterParams.instant;
import static dev.jobs.dashboard.FilterParams.put;

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
		ZoneOffset offset = FilterParams.offset(tz, errors);
		return new JobSearch(type, parsedStatus, owner, instant("from", from, offset, errors), instant("to", to, offset, errors), q);
	}

	/** The filter as query parameters, to keep it across pages and actions. */
	public String query() {
		return FilterParams.query(asMap());
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

}
