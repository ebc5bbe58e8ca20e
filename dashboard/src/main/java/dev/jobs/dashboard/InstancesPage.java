package dev.jobs.dashboard;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

import dev.jobs.core.JobAdmin;
import dev.jobs.core.PlatformInstances;
import dev.jobs.core.PlatformInstances.PlatformInstance;
import dev.jobs.core.operationlog.OperationLogReader;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * The instances page: every process running the platform on this database, live ones first, with what each
 * consumes and runs; instances that stopped heartbeating are shown as gone. Read-only, the same list as
 * {@code GET /api/instances}.
 */
@Controller
@RequestMapping("/dashboard/instances")
class InstancesPage {

	private final PlatformInstances instances;

	private final JobAdmin admin;

	private final ObjectProvider<OperationLogReader> operationLog;

	private final DashboardProperties properties;

	InstancesPage(PlatformInstances instances, JobAdmin admin, ObjectProvider<OperationLogReader> operationLog,
			DashboardProperties properties) {
		this.instances = instances;
		this.admin = admin;
		this.operationLog = operationLog;
		this.properties = properties;
	}

	@ModelAttribute
	void frame(HttpServletRequest request, Model model) {
		DashboardPages.frame(admin, operationLog, properties, request, model);
		model.addAttribute("page", "instances");
	}

	@GetMapping({ "", "/" })
	String list(Model model) {
		List<PlatformInstance> all = instances.all();
		model.addAttribute("instances", all.stream().map(Row::of).toList());
		model.addAttribute("self", instances.self());
		model.addAttribute("liveCount", all.stream().filter(PlatformInstance::live).count());
		// The cluster's total: what a global concurrency limits (jobs.types.<TYPE>.global-concurrency).
		model.addAttribute("runningLive",
				all.stream().filter(PlatformInstance::live).mapToLong(PlatformInstance::runningTotal).sum());
		return "dashboard/instances";
	}

	/** One line of the page: the instance, its times already written for people. */
	record Row(PlatformInstance instance, String started, String heartbeat) {

		private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
			.withZone(ZoneOffset.UTC);

		static Row of(PlatformInstance instance) {
			return new Row(instance, TIME.format(instance.startedAt()), ago(instance.sinceHeartbeat()));
		}

	}

	/** "4 s ago", "3 min ago", "2 h ago". */
	static String ago(java.time.Duration since) {
		long seconds = since.toSeconds();
		if (seconds < 60) {
			return seconds + " s ago";
		}
		if (seconds < 3600) {
			return (seconds / 60) + " min ago";
		}
		return (seconds / 3600) + " h ago";
	}

}
