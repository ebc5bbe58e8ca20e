package dev.jobs.dashboard;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import dev.jobs.core.JobAdmin;
import dev.jobs.core.JobAdmin.Action;
import dev.jobs.core.JobAdmin.BulkResult;
import dev.jobs.core.JobAdmin.Redrive;
import dev.jobs.core.JobBrowser;
import dev.jobs.core.UnknownJobTypeException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriUtils;

/**
 * The dashboard's forms: each POST hands its action to {@link DashboardActions} and redirects back
 * with a message saying what happened (post/redirect/get, so a reload repeats nothing).
 */
@Controller
@RequestMapping("/dashboard")
class DashboardActionController {

	/** At most this many ticked jobs per form. */
	static final int MAX_SELECTED = 1000;

	private final DashboardActions actions;

	private final JobBrowser browser;

	private final TypeControlActions typeControls;

	DashboardActionController(DashboardActions actions, JobBrowser browser, TypeControlActions typeControls) {
		this.actions = actions;
		this.browser = browser;
		this.typeControls = typeControls;
	}

	@PostMapping("/types/{type}/pause")
	String pauseType(@PathVariable String type, HttpServletRequest request, RedirectAttributes redirect) {
		return typeControl(redirect, () -> {
			typeControls.pause(Actors.of(request), type);
			return "Paused " + type + " on every instance: no new attempt starts within about a second; running "
					+ "attempts finish; submissions wait.";
		});
	}

	@PostMapping("/types/{type}/resume")
	String resumeType(@PathVariable String type, HttpServletRequest request, RedirectAttributes redirect) {
		return typeControl(redirect, () -> {
			typeControls.resume(Actors.of(request), type);
			return "Resumed " + type + ": its waiting jobs start within about a second.";
		});
	}

	@PostMapping("/types/{type}/concurrency")
	String scaleType(@PathVariable String type, @RequestParam(required = false) String concurrency,
			@RequestParam(required = false) String reset, HttpServletRequest request, RedirectAttributes redirect) {
		return typeControl(redirect, () -> {
			if (reset != null) {
				return "Reset " + type + " to its configured " + typeControls.resetConcurrency(Actors.of(request), type)
					.effectiveConcurrency() + " consumer(s) per instance.";
			}
			int value;
			try {
				value = Integer.parseInt((concurrency == null) ? "" : concurrency.strip());
			}
			catch (NumberFormatException ex) {
				throw new IllegalArgumentException("concurrency: '" + concurrency + "' is not a whole number");
			}
			return "Set " + type + " to " + typeControls.scale(Actors.of(request), type, value).effectiveConcurrency()
					+ " consumer(s) per instance on every instance.";
		});
	}

	@PostMapping("/types/{type}/global-concurrency")
	String limitTypeConcurrency(@PathVariable String type, @RequestParam(required = false) String globalConcurrency,
			@RequestParam(required = false) String reset, HttpServletRequest request, RedirectAttributes redirect) {
		return typeControl(redirect, () -> {
			if (reset != null) {
				Integer configured = typeControls.resetGlobalConcurrency(Actors.of(request), type)
					.effectiveGlobalConcurrency();
				return "Reset " + type + " to its configured limit across all instances: "
						+ ((configured != null) ? configured + " attempt(s) running at once." : "no limit.");
			}
			int value;
			try {
				value = Integer.parseInt((globalConcurrency == null) ? "" : globalConcurrency.strip());
			}
			catch (NumberFormatException ex) {
				throw new IllegalArgumentException("globalConcurrency: '" + globalConcurrency + "' is not a whole number");
			}
			return "Limited " + type + " to " + typeControls.limitGlobalConcurrency(Actors.of(request), type, value)
				.effectiveGlobalConcurrency() + " attempt(s) running at once across all instances.";
		});
	}

	@PostMapping("/types/{type}/rate-limit")
	String limitTypeRate(@PathVariable String type, @RequestParam(required = false) String rateLimit,
			@RequestParam(required = false) String reset, HttpServletRequest request, RedirectAttributes redirect) {
		return typeControl(redirect, () -> {
			if (reset != null) {
				dev.jobs.core.RateLimit configured = typeControls.resetRateLimit(Actors.of(request), type)
					.effectiveRateLimit();
				return "Reset " + type + " to its configured starts per period: "
						+ ((configured != null) ? configured + "." : "no limit.");
			}
			dev.jobs.core.RateLimit rate;
			try {
				rate = dev.jobs.core.RateLimit.parse(rateLimit);
			}
			catch (IllegalArgumentException ex) {
				throw new IllegalArgumentException("rateLimit: " + ex.getMessage());
			}
			return "Limited " + type + " to " + typeControls.limitRate(Actors.of(request), type, rate)
				.effectiveRateLimit() + " start(s) across all instances, spaced evenly.";
		});
	}

	private String typeControl(RedirectAttributes redirect, java.util.function.Supplier<String> action) {
		try {
			redirect.addFlashAttribute("message", action.get());
		}
		catch (IllegalArgumentException | dev.jobs.core.JobsException | dev.jobs.core.NotPermittedException ex) {
			redirect.addFlashAttribute("error", ex.getMessage());
		}
		return "redirect:/dashboard/types";
	}

	@PostMapping("/jobs/{id}/retry")
	String retry(@PathVariable String id, HttpServletRequest request, RedirectAttributes redirect) {
		BulkResult result = actions.retry(Actors.of(request), DashboardPages.parseId(id));
		redirect.addFlashAttribute("message", describe(result));
		return "redirect:/dashboard/jobs/" + id;
	}

	@PostMapping("/jobs/{id}/cancel")
	String cancel(@PathVariable String id, HttpServletRequest request, RedirectAttributes redirect) {
		BulkResult result = actions.cancel(Actors.of(request), DashboardPages.parseId(id));
		redirect.addFlashAttribute("message", describe(result));
		return "redirect:/dashboard/jobs/" + id;
	}

	@PostMapping("/jobs/{id}/delete")
	String delete(@PathVariable String id, HttpServletRequest request, RedirectAttributes redirect) {
		BulkResult result = actions.delete(Actors.of(request), DashboardPages.parseId(id));
		redirect.addFlashAttribute("message", describe(result));
		return (result.changed() == 1) ? "redirect:/dashboard/jobs" : "redirect:/dashboard/jobs/" + id;
	}

	/**
	 * A bulk action from the jobs page: {@code op} is {@code <action>-selected} (the ticked
	 * {@code ids}) or {@code <action>-matching} (everything matching the filter fields).
	 */
	@PostMapping("/jobs/bulk")
	String bulk(@RequestParam MultiValueMap<String, String> form, HttpServletRequest request,
			RedirectAttributes redirect) {
		String op = form.getFirst("op");
		if (op == null || !op.matches("(retry|cancel|delete)-(selected|matching)")) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
					"op must be retry, cancel or delete, followed by -selected or -matching; was " + op);
		}
		Action action = Action.valueOf(op.substring(0, op.indexOf('-')).toUpperCase(Locale.ROOT));
		JobFilter filter = JobFilter.of(form.toSingleValueMap());
		BulkResult result;
		if (op.endsWith("-selected")) {
			List<UUID> ids = ids(form.get("ids"));
			result = switch (action) {
				case RETRY -> actions.retrySelected(Actors.of(request), ids);
				case CANCEL -> actions.cancelSelected(Actors.of(request), ids);
				case DELETE -> actions.deleteSelected(Actors.of(request), ids);
			};
		}
		else {
			JobBrowser.JobSearch search = filter.toSearch();
			if (!filter.errors().isEmpty()) {
				throw new ResponseStatusException(HttpStatus.BAD_REQUEST, String.join("; ", filter.errors()));
			}
			result = switch (action) {
				case RETRY -> actions.retryMatching(Actors.of(request), search);
				case CANCEL -> actions.cancelMatching(Actors.of(request), search);
				case DELETE -> actions.deleteMatching(Actors.of(request), search);
			};
		}
		redirect.addFlashAttribute("message", describe(result));
		String query = filter.query();
		return "redirect:/dashboard/jobs" + (query.isEmpty() ? "" : "?" + query);
	}

	private static List<UUID> ids(List<String> values) {
		if (values == null || values.isEmpty()) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "ids: tick at least one job");
		}
		if (values.size() > MAX_SELECTED) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
					"ids: at most " + MAX_SELECTED + " jobs at once; use the action on everything matching instead");
		}
		List<UUID> ids = new ArrayList<>(values.size());
		for (String value : values) {
			try {
				ids.add(UUID.fromString(value));
			}
			catch (IllegalArgumentException ex) {
				throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "ids: not a job id: " + value);
			}
		}
		return ids;
	}

	@PostMapping("/dead-letters/{type}/redrive")
	String redriveAll(@PathVariable String type, HttpServletRequest request, RedirectAttributes redirect) {
		try {
			Redrive result = actions.redriveAll(Actors.of(request), type);
			redirect.addFlashAttribute("message", messageType(type)
					? "Re-drove " + type + ": " + result.redriven() + " parked message(s) moved back to the work queue."
					: "Re-drove " + type + ": " + result.redriven() + " job(s) retried, " + result.skipped()
							+ " parked message(s) skipped (their jobs were no longer failed).");
		}
		catch (IllegalStateException ex) {
			// The broker could not be reached: nothing was lost, the rest stays parked.
			redirect.addFlashAttribute("error", ex.getMessage());
		}
		return "redirect:/dashboard/dead-letters?type=" + UriUtils.encode(type, StandardCharsets.UTF_8);
	}

	private boolean messageType(String type) {
		return browser.overview().stream().anyMatch(t -> t.type().equals(type) && t.messageDelivery());
	}

	@PostMapping("/dead-letters/{type}/jobs/{id}/redrive")
	String redriveOne(@PathVariable String type, @PathVariable String id, HttpServletRequest request,
			RedirectAttributes redirect) {
		BulkResult result = actions.redriveOne(Actors.of(request), DashboardPages.parseId(id));
		redirect.addFlashAttribute("message", describe(result));
		return "redirect:/dashboard/dead-letters?type=" + UriUtils.encode(type, StandardCharsets.UTF_8);
	}

	/** "Cancelled 3 of 4 jobs; 1 skipped: already ended." */
	static String describe(BulkResult result) {
		String verb = switch (result.action()) {
			case RETRY -> "Retried";
			case CANCEL -> "Cancelled";
			case DELETE -> "Deleted";
		};
		StringBuilder text = new StringBuilder(verb).append(' ')
			.append(result.changed())
			.append(" of ")
			.append(result.requested())
			.append(result.requested() == 1 ? " job" : " jobs");
		if (!result.skipped().isEmpty()) {
			text.append("; skipped: ");
			List<String> reasons = new ArrayList<>();
			for (Map.Entry<String, Integer> reason : result.skipped().entrySet()) {
				reasons.add(reason.getValue() + " " + reason.getKey());
			}
			text.append(String.join(", ", reasons));
		}
		return text.append('.').toString();
	}

	@ExceptionHandler(JobAdmin.NotAllowedException.class)
	void notAllowed(JobAdmin.NotAllowedException ex, HttpServletResponse response) throws IOException {
		response.sendError(HttpStatus.FORBIDDEN.value(), ex.getMessage());
	}

	@ExceptionHandler(UnknownJobTypeException.class)
	void unknownType(UnknownJobTypeException ex, HttpServletResponse response) throws IOException {
		response.sendError(HttpStatus.NOT_FOUND.value(), ex.getMessage());
	}

}
