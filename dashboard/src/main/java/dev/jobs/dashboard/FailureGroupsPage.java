package dev.jobs.dashboard;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import dev.jobs.core.FailureGroupNotFoundException;
import dev.jobs.core.FailureGroups;
import dev.jobs.core.FailureGroups.FailureGroup;
import dev.jobs.core.JobAdmin;
import dev.jobs.core.JobAdmin.BulkResult;
import dev.jobs.core.operationlog.OperationLogReader;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The failure groups page: failed jobs grouped by cause over a chosen window, one group with its newest job's
 * stack trace, and the retry or cancel of a whole group through {@link FailureGroupActions} (post/redirect/get);
 * readers see the same pages without the buttons. Also the overview's "top failure groups of the last hour".
 */
@Controller
@RequestMapping("/dashboard/failure-groups")
class FailureGroupsPage {

	/** The windows the page offers, by the name its links use. */
	static final Map<String, Duration> WINDOWS = Map.of("1h", Duration.ofHours(1), "24h", Duration.ofHours(24), "7d",
			Duration.ofDays(7));

	/** Groups on the overview. */
	static final int TOP = 5;

	private static final Pattern FINGERPRINT = Pattern.compile("[0-9a-f]{1,40}");

	private final FailureGroups groups;

	private final FailureGroupActions actions;

	private final JobAdmin admin;

	private final ObjectProvider<OperationLogReader> operationLog;

	private final DashboardProperties properties;

	FailureGroupsPage(FailureGroups groups, FailureGroupActions actions, JobAdmin admin,
			ObjectProvider<OperationLogReader> operationLog, DashboardProperties properties) {
		this.groups = groups;
		this.actions = actions;
		this.admin = admin;
		this.operationLog = operationLog;
		this.properties = properties;
	}

	@ModelAttribute
	void frame(HttpServletRequest request, Model model) {
		DashboardPages.frame(admin, operationLog, properties, request, model);
		model.addAttribute("page", "failure-groups");
	}

	@GetMapping({ "", "/" })
	String list(@RequestParam(defaultValue = "24h") String window, @RequestParam(required = false) String type,
			Model model) {
		if (!"all".equals(window) && !WINDOWS.containsKey(window)) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
					"window must be 1h, 24h, 7d or all; was " + window);
		}
		Instant since = "all".equals(window) ? null : Instant.now().minus(WINDOWS.get(window));
		String selectedType = (type == null || type.isBlank()) ? null : type.strip();
		model.addAttribute("groups", groups.list(since, selectedType, FailureGroups.MAX_LIMIT));
		model.addAttribute("window", window);
		model.addAttribute("selectedType", selectedType);
		return "dashboard/failure-groups";
	}

	/** The overview's table of the largest groups of the last hour, for htmx to load and refresh. */
	@GetMapping("/top")
	String top(Model model) {
		List<FailureGroup> top = groups.list(Instant.now().minus(Duration.ofHours(1)), null, TOP);
		model.addAttribute("topGroups", top);
		return "dashboard/failure-groups :: top";
	}

	@GetMapping("/{fingerprint}")
	String detail(@PathVariable String fingerprint, Model model) {
		model.addAttribute("detail", groups.detail(checked(fingerprint))
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND,
					"No failure group " + fingerprint + " (none of its jobs is failed or retrying any more)")));
		return "dashboard/failure-group";
	}

	@PostMapping("/{fingerprint}/retry")
	String retry(@PathVariable String fingerprint, HttpServletRequest request, RedirectAttributes redirect) {
		BulkResult result = actions.retry(Actors.of(request), checked(fingerprint));
		redirect.addFlashAttribute("message", DashboardActionController.describe(result));
		// Retried members leave the group: when none is left, its page is gone.
		return groups.detail(fingerprint).isPresent() ? "redirect:/dashboard/failure-groups/" + fingerprint
				: "redirect:/dashboard/failure-groups";
	}

	@PostMapping("/{fingerprint}/cancel")
	String cancel(@PathVariable String fingerprint, HttpServletRequest request, RedirectAttributes redirect) {
		BulkResult result = actions.cancel(Actors.of(request), checked(fingerprint));
		redirect.addFlashAttribute("message", DashboardActionController.describe(result));
		return groups.detail(fingerprint).isPresent() ? "redirect:/dashboard/failure-groups/" + fingerprint
				: "redirect:/dashboard/failure-groups";
	}

	private static String checked(String fingerprint) {
		if (!FINGERPRINT.matcher(fingerprint).matches()) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
					"fingerprint: must be the hex digits of a failure group's fingerprint");
		}
		return fingerprint;
	}

	@ExceptionHandler(FailureGroupNotFoundException.class)
	void notFound(FailureGroupNotFoundException ex, HttpServletResponse response) throws IOException {
		response.sendError(HttpStatus.NOT_FOUND.value(), ex.getMessage());
	}

	@ExceptionHandler(JobAdmin.NotAllowedException.class)
	void notAllowed(JobAdmin.NotAllowedException ex, HttpServletResponse response) throws IOException {
		response.sendError(HttpStatus.FORBIDDEN.value(), ex.getMessage());
	}

}
