package dev.jobs.dashboard;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.jobs.core.JobAdmin;
import dev.jobs.core.operationlog.OperationLogReader;
import dev.jobs.core.operationlog.OperationLogReader.Entry;
import dev.jobs.core.operationlog.OperationLogReader.Page;
import jakarta.servlet.http.HttpServletRequest;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;

/**
 * The operation log page: who did what (every dashboard action among it), newest first, filtered and
 * paged, and one entry in full. Read-only. It reads through the core's {@link OperationLogReader}, so
 * it exists only where a module provides one ({@code job-types}), and only for the log's reader roles
 * ({@code jobs.operation-log.reader-roles}), the same rule as {@code GET /api/operation-logs}.
 */
@Controller
@RequestMapping("/dashboard/operation-log")
class OperationLogPage {

	private final ObjectProvider<OperationLogReader> readers;

	private final JobAdmin admin;

	private final DashboardProperties properties;

	private final JsonMapper json;

	OperationLogPage(ObjectProvider<OperationLogReader> readers, JobAdmin admin, DashboardProperties properties,
			JsonMapper json) {
		this.readers = readers;
		this.admin = admin;
		this.properties = properties;
		this.json = json;
	}

	@ModelAttribute
	void frame(HttpServletRequest request, Model model) {
		DashboardPages.frame(admin, readers, properties, request, model);
		model.addAttribute("page", "operation-log");
	}

	@GetMapping({ "", "/" })
	String list(@RequestParam Map<String, String> params, HttpServletRequest request, Model model) {
		OperationLogReader reader = reader(request);
		OperationLogFilter filter = OperationLogFilter.of(params);
		OperationLogReader.Query query = filter.toQuery();
		int page = parsePage(params.get("page"));
		Page entries = filter.errors().isEmpty() ? reader.search(query, page, properties.getPageSize())
				: new Page(List.of(), 0, properties.getPageSize(), false);
		model.addAttribute("filter", filter);
		model.addAttribute("filterQuery", filter.query());
		model.addAttribute("entries", entries);
		return "dashboard/operation-log";
	}

	@GetMapping("/{id}")
	String entry(@PathVariable String id, HttpServletRequest request, Model model) {
		OperationLogReader reader = reader(request);
		UUID parsed;
		try {
			parsed = UUID.fromString(id);
		}
		catch (IllegalArgumentException ex) {
			throw new ResponseStatusException(HttpStatus.NOT_FOUND, "No operation log entry " + id);
		}
		Entry entry = reader.find(parsed)
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No operation log entry " + id));
		model.addAttribute("entry", entry);
		model.addAttribute("traceLink", DashboardPages.traceLink(properties.getTraceLink(), entry.traceId()));
		model.addAttribute("arguments", (entry.arguments() == null || entry.arguments().isNull()) ? null
				: json.writerWithDefaultPrettyPrinter().writeValueAsString(entry.arguments()));
		return "dashboard/operation-log-entry";
	}

	private OperationLogReader reader(HttpServletRequest request) {
		OperationLogReader reader = readers.getIfAvailable();
		if (reader == null) {
			throw new ResponseStatusException(HttpStatus.NOT_FOUND,
					"This application records no operation log (it comes with the job-types module).");
		}
		if (!reader.mayRead(request::isUserInRole)) {
			throw new ResponseStatusException(HttpStatus.FORBIDDEN,
					"The operation log is for the roles in jobs.operation-log.reader-roles; yours is not one of them.");
		}
		return reader;
	}

	private static int parsePage(String value) {
		try {
			return (value == null) ? 0 : Math.max(0, Math.min(1_000_000, Integer.parseInt(value)));
		}
		catch (NumberFormatException ex) {
			return 0;
		}
	}

}
