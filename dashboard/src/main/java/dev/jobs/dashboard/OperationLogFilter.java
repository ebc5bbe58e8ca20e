package dev.jobs.dashboard;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.jobs.core.operationlog.OperationLogReader.Outcome;
import dev.jobs.core.operationlog.OperationLogReader.Query;

import static dev.jobs.dashboard.FilterParams.blank;
import static dev.jobs.dashboard.FilterParams.instant;
import static dev.jobs.dashboard.FilterParams.put;

/**
 * The operation log page's filter as the browser sends it: user, action, target, outcome, a time
 * range typed in the viewer's local time (the browser's offset in {@code tz}, minutes as
 * JavaScript's {@code getTimezoneOffset} gives them) and a text in the message. A value that does not
 * parse is shown as an error and nothing is listed, rather than listing more than was asked for.
 */
public record OperationLogFilter(String user, String action, String target, String outcome, String from, String to,
		String tz, String q, List<String> errors) {

	private static final int MAX_LENGTH = 500;

	static OperationLogFilter of(Map<String, String> params) {
		OperationLogFilter filter = new OperationLogFilter(blank(params.get("user")), blank(params.get("action")),
				blank(params.get("target")), blank(params.get("outcome")), blank(params.get("from")),
				blank(params.get("to")), blank(params.get("tz")), blank(params.get("q")), new ArrayList<>());
		filter.asMap().forEach((name, value) -> {
			if (value.length() > MAX_LENGTH) {
				filter.errors.add(name + ": at most " + MAX_LENGTH + " characters");
			}
		});
		return filter;
	}

	Query toQuery() {
		Outcome parsedOutcome = null;
		if (outcome != null) {
			try {
				parsedOutcome = Outcome.valueOf(outcome.toUpperCase(Locale.ROOT));
			}
			catch (IllegalArgumentException ex) {
				errors.add("outcome: SUCCESS or FAILURE, not " + outcome);
			}
		}
		ZoneOffset offset = FilterParams.offset(tz, errors);
		Instant fromTime = instant("from", from, offset, errors);
		Instant toTime = instant("to", to, offset, errors);
		if (fromTime != null && toTime != null && !fromTime.isBefore(toTime)) {
			errors.add("to: must be after from");
		}
		return new Query(user, action, target, parsedOutcome, fromTime, toTime, q);
	}

	/** The filter as query parameters, to keep it across pages. */
	public String query() {
		return FilterParams.query(asMap());
	}

	public Map<String, String> asMap() {
		Map<String, String> params = new LinkedHashMap<>();
		put(params, "user", user);
		put(params, "action", action);
		put(params, "target", target);
		put(params, "outcome", outcome);
		put(params, "from", from);
		put(params, "to", to);
		put(params, "tz", tz);
		put(params, "q", q);
		return params;
	}

}
