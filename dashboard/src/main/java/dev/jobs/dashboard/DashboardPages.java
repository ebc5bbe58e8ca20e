package dev.jobs.dashboard;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.jobs.core.BatchStatus;
import dev.jobs.core.Batches;
import dev.jobs.core.JobAdmin;
import dev.jobs.core.JobAdmin.Access;
import dev.jobs.core.JobBrowser;
import dev.jobs.core.JobBrowser.JobDetail;
import dev.jobs.core.JobBrowser.JobPage;
import dev.jobs.core.JobBrowser.JobSearch;
import dev.jobs.core.JobStatus;
import dev.jobs.core.JobTypeControls;
import dev.jobs.core.JobView;
import dev.jobs.core.operationlog.OperationLogReader;
import jakarta.servlet.http.HttpServletRequest;
import tools.jackson.databind.JsonNode;
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
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.server.ResponseStatusException;

/**
 * The dashboard's pages; read-only. Every change is a POST to {@link DashboardActionController}.
 */
@Controller
@RequestMapping("/dashboard")
class DashboardPages {

	private final JobBrowser browser;

	private final JobAdmin admin;

	private final DashboardProperties properties;

	private final JsonMapper json;

	private final ObjectProvider<OperationLogReader> operationLog;

	private final JobTypeControls controls;

	private final Batches batches;

	DashboardPages(JobBrowser browser, JobAdmin admin, DashboardProperties properties, JsonMapper json,
			ObjectProvider<OperationLogReader> operationLog, JobTypeControls controls, Batches batches) {
		this.browser = browser;
		this.admin = admin;
		this.properties = properties;
		this.json = json;
		this.operationLog = operationLog;
		this.controls = controls;
		this.batches = batches;
	}

	/** The types an operator paused: their lag is on purpose, not an incident. */
	private java.util.Set<String> pausedTypes() {
		return controls.all()
			.stream()
			.filter(JobTypeControls.TypeControl::paused)
			.map(JobTypeControls.TypeControl::type)
			.collect(java.util.stream.Collectors.toSet());
	}

	@ModelAttribute
	void frame(HttpServletRequest request, Model model) {
		frame(admin, operationLog, properties, request, model);
	}

	/**
	 * What every page's frame needs: may the viewer act, who it is, whether the operation log is
	 * there for them (a reader exists and the viewer holds one of its reader roles).
	 */
	static void frame(JobAdmin admin, ObjectProvider<OperationLogReader> operationLog, DashboardProperties properties,
			HttpServletRequest request, Model model) {
		model.addAttribute("canAct", admin.access(Actors.of(request)) == Access.ACT);
		model.addAttribute("viewer", Actors.of(request).name());
		OperationLogReader reader = operationLog.getIfAvailable();
		model.addAttribute("operationLog", reader != null && reader.mayRead(request::isUserInRole));
		model.addAttribute("refreshSeconds", Math.max(1, properties.getRefreshInterval().toSeconds()));
	}

	@GetMapping({ "", "/" })
	String overview(Model model) {
		model.addAttribute("page", "overview");
		model.addAttribute("types", browser.overview());
		model.addAttribute("pausedTypes", pausedTypes());
		model.addAttribute("batchesRunning", batchesRunning());
		return "dashboard/overview";
	}

	/** The overview's counts table alone, for htmx to swap in on its refresh. */
	@GetMapping("/overview/counts")
	String overviewCounts(Model model) {
		model.addAttribute("types", browser.overview());
		model.addAttribute("pausedTypes", pausedTypes());
		model.addAttribute("batchesRunning", batchesRunning());
		return "dashboard/overview :: counts";
	}

	/** Batches with a member that has not ended: the total of a one-row page. */
	private long batchesRunning() {
		return batches.list(BatchStatus.RUNNING, null, 0, 1).total();
	}

	/** Jobs that ended per minute over the last hour, and the failure rate, for the charts. */
	@GetMapping(path = "/overview/throughput", produces = "application/json")
	@ResponseBody
	List<ThroughputPoint> throughput(@RequestParam(defaultValue = "60") int minutes) {
		if (minutes < 1 || minutes > 1440) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "minutes must be between 1 and 1440");
		}
		return browser.throughput(Duration.ofMinutes(minutes), Duration.ofMinutes(1))
			.stream()
			.map(b -> new ThroughputPoint(b.start().toString(), b.succeeded(), b.failed(), b.failureRate()))
			.toList();
	}

	record ThroughputPoint(String start, long succeeded, long failed, double failureRate) {
	}

	@GetMapping("/jobs")
	String jobs(@RequestParam Map<String, String> params, Model model) {
		JobFilter filter = JobFilter.of(params);
		JobSearch search = filter.toSearch();
		int page = parsePage(params.get("page"));
		JobPage jobs = filter.errors().isEmpty() ? browser.search(search, page, properties.getPageSize())
				: new JobPage(List.of(), 0, properties.getPageSize(), 0);
		model.addAttribute("page", "jobs");
		model.addAttribute("filter", filter);
		model.addAttribute("filterQuery", filter.query());
		model.addAttribute("jobs", jobs);
		model.addAttribute("statuses", Arrays.asList(JobStatus.values()));
		model.addAttribute("typeNames", browser.types().stream().map(JobBrowser.JobTypeInfo::type).toList());
		return "dashboard/jobs";
	}

	private static int parsePage(String value) {
		try {
			return (value == null) ? 0 : Math.max(0, Integer.parseInt(value));
		}
		catch (NumberFormatException ex) {
			return 0;
		}
	}

	@GetMapping("/jobs/{id}")
	String job(@PathVariable String id, Model model) {
		JobDetail detail = browser.detail(parseId(id))
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No job " + id));
		model.addAttribute("page", "jobs");
		model.addAttribute("detail", detail);
		model.addAttribute("traceLink", traceLink(properties.getTraceLink(), detail.traceId()));
		model.addAttribute("job", detail.job());
		model.addAttribute("retryable", browser.retryableStatuses().contains(detail.job().status()));
		model.addAttribute("payload", pretty(detail.job().payload()));
		model.addAttribute("result", pretty(detail.job().result()));
		Map<Integer, String> durations = new java.util.HashMap<>();
		detail.attempts()
			.stream()
			.filter(a -> a.startedAt() != null && a.finishedAt() != null)
			.forEach(a -> durations.put(a.attempt(), duration(Duration.between(a.startedAt(), a.finishedAt()))));
		model.addAttribute("durations", durations);
		// The graph of the job's dependencies, drawn only when it has some; the batch it belongs to, if any.
		WorkflowGraph workflow = WorkflowGraph.of(batches.workflow(detail.job().id()), detail.job().id());
		model.addAttribute("workflow", workflow.connected() ? workflow : null);
		model.addAttribute("batchId", batches.batchOf(detail.job().id()).orElse(null));
		return "dashboard/job";
	}

	/** The job's status and progress alone, polled by htmx while the job has not ended. */
	@GetMapping("/jobs/{id}/live")
	String jobLive(@PathVariable String id, Model model) {
		JobView job = browser.detail(parseId(id))
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No job " + id))
			.job();
		model.addAttribute("job", job);
		model.addAttribute("liveUpdate", true);
		return "dashboard/job :: live";
	}

	@GetMapping("/dead-letters")
	String deadLetters(@RequestParam(required = false) String type, Model model) {
		List<JobBrowser.TypeOverview> types = browser.overview();
		String selected = (type != null) ? type
				: types.stream()
					.filter(t -> t.deadLetters() != null && t.deadLetters() > 0)
					.map(JobBrowser.TypeOverview::type)
					.findFirst()
					.orElse(types.isEmpty() ? null : types.get(0).type());
		model.addAttribute("page", "dead-letters");
		model.addAttribute("types", types);
		// A type delivered as messages has no job rows: its parked messages are not failed jobs.
		boolean messageType = types.stream().anyMatch(t -> t.type().equals(selected) && t.messageDelivery());
		model.addAttribute("selected", selected);
		model.addAttribute("selectedIsMessageType", messageType);
		model.addAttribute("parked", (selected != null && !messageType) ? browser.parked(selected, 100) : List.of());
		return "dashboard/dead-letters";
	}

	@GetMapping("/types")
	String types(Model model) {
		model.addAttribute("page", "types");
		model.addAttribute("types", browser.types());
		model.addAttribute("controls", controls.all()
			.stream()
			.collect(java.util.stream.Collectors.toMap(JobTypeControls.TypeControl::type, c -> c)));
		model.addAttribute("maxConcurrency", JobTypeControls.MAX_CONCURRENCY);
		model.addAttribute("maxGlobalConcurrency", JobTypeControls.MAX_GLOBAL_CONCURRENCY);
		return "dashboard/types";
	}

	/** "850 ms", "12.3 s", "4 min 5 s": readable at a glance. */
	static String duration(Duration duration) {
		long millis = duration.toMillis();
		if (millis < 1000) {
			return millis + " ms";
		}
		if (millis < 60_000) {
			return String.format(java.util.Locale.ROOT, "%.1f s", millis / 1000.0);
		}
		return (millis / 60_000) + " min " + (millis % 60_000) / 1000 + " s";
	}

	private String pretty(JsonNode node) {
		return (node == null || node.isNull()) ? null : json.writerWithDefaultPrettyPrinter().writeValueAsString(node);
	}

	static UUID parseId(String id) {
		try {
			return UUID.fromString(id);
		}
		catch (IllegalArgumentException ex) {
			throw new ResponseStatusException(HttpStatus.NOT_FOUND, "No job " + id);
		}
	}

	/**
	 * The link to a job's trace in a tracing UI: the configured template with {@code {traceId}} replaced; none
	 * without a template or a trace. The id is 32 hex digits, so it needs no escaping.
	 */
	static String traceLink(String template, String traceId) {
		if (template == null || template.isBlank() || traceId == null) {
			return null;
		}
		return template.strip().replace("{traceId}", traceId);
	}

}
