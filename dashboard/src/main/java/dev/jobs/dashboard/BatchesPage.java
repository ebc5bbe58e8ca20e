package dev.jobs.dashboard;

import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import dev.jobs.core.BatchNotFoundException;
import dev.jobs.core.BatchStatus;
import dev.jobs.core.BatchView;
import dev.jobs.core.Batches;
import dev.jobs.core.JobAdmin;
import dev.jobs.core.JobStatus;
import dev.jobs.core.JobsException;
import dev.jobs.core.NotPermittedException;
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
 * The batches page: batches newest first with their progress, filtered by status and submitter; one batch with its
 * counts, callbacks and members (filtered by status, paged); and its cancel and retry of failed members through
 * {@link BatchActions} (post/redirect/get). Readers see the same pages without the buttons.
 */
@Controller
@RequestMapping("/dashboard/batches")
class BatchesPage {

	private final Batches batches;

	private final BatchActions actions;

	private final JobAdmin admin;

	private final ObjectProvider<OperationLogReader> operationLog;

	private final DashboardProperties properties;

	BatchesPage(Batches batches, BatchActions actions, JobAdmin admin, ObjectProvider<OperationLogReader> operationLog,
			DashboardProperties properties) {
		this.batches = batches;
		this.actions = actions;
		this.admin = admin;
		this.operationLog = operationLog;
		this.properties = properties;
	}

	@ModelAttribute
	void frame(HttpServletRequest request, Model model) {
		DashboardPages.frame(admin, operationLog, properties, request, model);
		model.addAttribute("page", "batches");
	}

	@GetMapping({ "", "/" })
	String list(@RequestParam(required = false) String status, @RequestParam(required = false) String owner,
			@RequestParam(required = false) String page, Model model) {
		BatchStatus selected = parse(BatchStatus.class, "status", status);
		String createdBy = (owner == null || owner.isBlank()) ? null : owner.strip();
		Batches.Page<BatchView> found = batches.list(selected, createdBy, parsePage(page), properties.getPageSize());
		model.addAttribute("batches", found);
		model.addAttribute("pages", pages(found));
		model.addAttribute("statuses", Arrays.asList(BatchStatus.values()));
		model.addAttribute("status", (selected != null) ? selected.name() : "");
		model.addAttribute("owner", (createdBy != null) ? createdBy : "");
		return "dashboard/batches";
	}

	@GetMapping("/{id}")
	String detail(@PathVariable String id, @RequestParam(required = false) String status,
			@RequestParam(required = false) String page, Model model) {
		BatchView batch = batches.find(parseId(id))
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No batch " + id));
		JobStatus selected = parse(JobStatus.class, "status", status);
		Batches.Page<dev.jobs.core.JobView> members = batches.members(batch.id(), selected, parsePage(page),
				properties.getPageSize());
		model.addAttribute("batch", batch);
		model.addAttribute("counts", counts(batch));
		model.addAttribute("members", members);
		model.addAttribute("pages", pages(members));
		model.addAttribute("statuses", Arrays.asList(JobStatus.values()));
		model.addAttribute("status", (selected != null) ? selected.name() : "");
		model.addAttribute("retryable", batch.failed() + batch.cancelled());
		model.addAttribute("cancellable", batch.status() == BatchStatus.RUNNING);
		return "dashboard/batch";
	}

	@PostMapping("/{id}/cancel")
	String cancel(@PathVariable String id, HttpServletRequest request, RedirectAttributes redirect) {
		UUID batchId = parseId(id);
		return act(id, redirect, () -> {
			BatchView batch = actions.cancel(Actors.of(request), batchId);
			return "Cancelled batch " + id + ": its waiting members and unfired callbacks are cancelled, running ones "
					+ "asked to stop (" + batch.ended() + " of " + batch.total() + " members ended).";
		});
	}

	@PostMapping("/{id}/retry-failed")
	String retryFailed(@PathVariable String id, HttpServletRequest request, RedirectAttributes redirect) {
		UUID batchId = parseId(id);
		return act(id, redirect, () -> {
			Batches.Retried retried = actions.retryFailed(Actors.of(request), batchId);
			return "Retried " + retried.retried() + " failed or cancelled member(s) of batch " + id + "; it runs again.";
		});
	}

	/** Runs an action; a refusal becomes the page's error, an unknown batch a 404. */
	private String act(String id, RedirectAttributes redirect, java.util.function.Supplier<String> action) {
		try {
			redirect.addFlashAttribute("message", action.get());
		}
		catch (BatchNotFoundException ex) {
			throw new ResponseStatusException(HttpStatus.NOT_FOUND, "No batch " + id);
		}
		catch (JobAdmin.NotAllowedException ex) {
			throw ex;
		}
		catch (JobsException | IllegalStateException | IllegalArgumentException ex) {
			redirect.addFlashAttribute("error", ex.getMessage());
		}
		return "redirect:/dashboard/batches/" + id;
	}

	/** Members per status, in the order of the life cycle, for the counts and the member filter's tabs. */
	static Map<String, Long> counts(BatchView batch) {
		Map<String, Long> counts = new LinkedHashMap<>();
		counts.put("waiting", batch.waiting());
		counts.put("running", batch.running());
		counts.put("succeeded", batch.succeeded());
		counts.put("failed", batch.failed());
		counts.put("cancelled", batch.cancelled());
		return counts;
	}

	/** Pages of a result, at least one. */
	static long pages(Batches.Page<?> page) {
		return (page.size() <= 0) ? 1 : Math.max(1, (page.total() + page.size() - 1) / page.size());
	}

	/** A filter value that does not parse is a 400, never dropped (so a page never shows more than asked). */
	private static <E extends Enum<E>> E parse(Class<E> type, String name, String value) {
		if (value == null || value.isBlank()) {
			return null;
		}
		try {
			return Enum.valueOf(type, value.strip().toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
					name + " must be one of " + Arrays.toString(type.getEnumConstants()) + "; was " + value);
		}
	}

	private static int parsePage(String value) {
		try {
			return (value == null) ? 0 : Math.max(0, Integer.parseInt(value));
		}
		catch (NumberFormatException ex) {
			return 0;
		}
	}

	private static UUID parseId(String id) {
		try {
			return UUID.fromString(id);
		}
		catch (IllegalArgumentException ex) {
			throw new ResponseStatusException(HttpStatus.NOT_FOUND, "No batch " + id);
		}
	}

	/** A third lock behind the application's security and the dashboard's interceptor: readers are refused. */
	@ExceptionHandler({ NotPermittedException.class, JobAdmin.NotAllowedException.class })
	void notAllowed(RuntimeException ex, HttpServletResponse response) throws IOException {
		response.sendError(HttpStatus.FORBIDDEN.value(), ex.getMessage());
	}

}
