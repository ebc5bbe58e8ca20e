package dev.jobs.dashboard;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.jobs.core.InvalidJobPayloadException;
import dev.jobs.core.JobAdmin;
import dev.jobs.core.JobsException;
import dev.jobs.core.NotPermittedException;
import dev.jobs.core.operationlog.OperationLogReader;
import dev.jobs.core.schedule.MisfirePolicy;
import dev.jobs.core.schedule.Schedule;
import dev.jobs.core.schedule.ScheduleNotFoundException;
import dev.jobs.core.schedule.Schedules;
import jakarta.servlet.http.HttpServletRequest;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The schedules page: every schedule with its trigger, next and last firing, last job and last error; one
 * schedule with its edit form. Administrators pause, resume, edit, run now and delete through
 * {@link ScheduleActions} (post/redirect/get); readers see the same pages without the buttons.
 */
@Controller
@RequestMapping("/dashboard/schedules")
class SchedulesPage {

	private final Schedules schedules;

	private final ScheduleActions actions;

	private final JobAdmin admin;

	private final ObjectProvider<OperationLogReader> operationLog;

	private final DashboardProperties properties;

	private final JsonMapper json;

	SchedulesPage(Schedules schedules, ScheduleActions actions, JobAdmin admin,
			ObjectProvider<OperationLogReader> operationLog, DashboardProperties properties, JsonMapper json) {
		this.schedules = schedules;
		this.actions = actions;
		this.admin = admin;
		this.operationLog = operationLog;
		this.properties = properties;
		this.json = json;
	}

	@ModelAttribute
	void frame(HttpServletRequest request, Model model) {
		DashboardPages.frame(admin, operationLog, properties, request, model);
		model.addAttribute("page", "schedules");
		// One key per page view: a double click on "Run now" sends it twice and submits one job.
		model.addAttribute("runKey", UUID.randomUUID().toString());
	}

	@GetMapping({ "", "/" })
	String list(Model model) {
		model.addAttribute("schedules", schedules.list());
		return "dashboard/schedules";
	}

	@GetMapping("/{id}")
	String detail(@PathVariable String id, Model model) {
		Schedule schedule = find(id);
		model.addAttribute("schedule", schedule);
		if (!model.containsAttribute("form")) {
			model.addAttribute("form", EditForm.of(schedule, pretty(schedule.payload())));
		}
		model.addAttribute("misfirePolicies", MisfirePolicy.values());
		return "dashboard/schedule";
	}

	@PostMapping("/{id}/pause")
	String pause(@PathVariable String id, HttpServletRequest request, RedirectAttributes redirect) {
		return act(id, request, redirect, () -> {
			actions.pause(Actors.of(request), id);
			return "Paused schedule " + id + ": it submits nothing until resumed.";
		});
	}

	@PostMapping("/{id}/resume")
	String resume(@PathVariable String id, HttpServletRequest request, RedirectAttributes redirect) {
		return act(id, request, redirect, () -> "Resumed schedule " + id + "; it fires next at "
				+ actions.resume(Actors.of(request), id).nextFireAt() + " (UTC).");
	}

	@PostMapping("/{id}/run")
	String runNow(@PathVariable String id, @RequestParam(required = false) String key, HttpServletRequest request,
			RedirectAttributes redirect) {
		return act(id, request, redirect, () -> {
			Schedules.RunNow run = actions.runNow(Actors.of(request), id, (key != null) ? key : "");
			return run.replayed() ? "That click had already submitted job " + run.jobId() + "; no second job."
					: "Submitted job " + run.jobId() + " from schedule " + id + ".";
		});
	}

	@PostMapping("/{id}/delete")
	String delete(@PathVariable String id, HttpServletRequest request, RedirectAttributes redirect) {
		String back = act(id, request, redirect, () -> {
			actions.delete(Actors.of(request), id);
			return "Deleted schedule " + id + "; the jobs it submitted stay.";
		});
		return redirect.getFlashAttributes().containsKey("error") ? back : "redirect:/dashboard/schedules";
	}

	@PostMapping("/{id}")
	String update(@PathVariable String id, EditForm form, HttpServletRequest request, RedirectAttributes redirect) {
		Schedules.NewSchedule change;
		try {
			change = form.toChange(id, json);
		}
		catch (IllegalArgumentException ex) {
			redirect.addFlashAttribute("error", ex.getMessage());
			redirect.addFlashAttribute("form", form);
			return "redirect:/dashboard/schedules/" + id;
		}
		String back = act(id, request, redirect, () -> "Saved schedule " + id + "; it fires next at "
				+ actions.update(Actors.of(request), id, change).nextFireAt() + " (UTC).");
		if (redirect.getFlashAttributes().containsKey("error")) {
			redirect.addFlashAttribute("form", form);
		}
		return back;
	}

	/** Runs an action; what went wrong becomes the page's error, said as the API would say it. */
	private String act(String id, HttpServletRequest request, RedirectAttributes redirect,
			java.util.function.Supplier<String> action) {
		try {
			redirect.addFlashAttribute("message", action.get());
		}
		catch (ScheduleNotFoundException ex) {
			throw new ResponseStatusException(HttpStatus.NOT_FOUND, "No schedule " + id);
		}
		catch (InvalidJobPayloadException ex) {
			redirect.addFlashAttribute("error", "payload: " + ex.errors());
		}
		catch (JobsException | NotPermittedException ex) {
			redirect.addFlashAttribute("error", ex.getMessage());
		}
		return "redirect:/dashboard/schedules/" + id;
	}

	private Schedule find(String id) {
		try {
			return schedules.find(id);
		}
		catch (ScheduleNotFoundException ex) {
			throw new ResponseStatusException(HttpStatus.NOT_FOUND, "No schedule " + id);
		}
	}

	private String pretty(JsonNode node) {
		return (node == null) ? "{}" : json.writerWithDefaultPrettyPrinter().writeValueAsString(node);
	}

	/** The edit form: a cron expression with its zone, or a fixed rate; the payload as JSON text. */
	static final class EditForm {

		private String trigger = "cron";

		private String cron;

		private String zone;

		private String fixedRate;

		private String payload;

		private String misfire;

		static EditForm of(Schedule s, String payloadJson) {
			EditForm form = new EditForm();
			form.trigger = (s.cron() != null) ? "cron" : "rate";
			form.cron = s.cron();
			form.zone = s.zone();
			form.fixedRate = (s.fixedRate() != null) ? s.fixedRate().toString() : null;
			form.payload = payloadJson;
			form.misfire = s.misfire().name();
			return form;
		}

		/** @throws IllegalArgumentException naming the field that cannot be read */
		Schedules.NewSchedule toChange(String id, JsonMapper json) {
			Object payloadValue;
			try {
				payloadValue = json.readTree((payload == null || payload.isBlank()) ? "{}" : payload);
			}
			catch (JacksonException ex) {
				throw new IllegalArgumentException("payload: not valid JSON (" + ex.getOriginalMessage() + ")");
			}
			MisfirePolicy policy;
			try {
				policy = (misfire == null || misfire.isBlank()) ? null : MisfirePolicy.valueOf(misfire);
			}
			catch (IllegalArgumentException ex) {
				throw new IllegalArgumentException("misfire: must be one of " + List.of(MisfirePolicy.values()));
			}
			if ("rate".equals(trigger)) {
				Duration rate;
				try {
					rate = Duration.parse(fixedRate == null ? "" : fixedRate.strip());
				}
				catch (DateTimeParseException ex) {
					throw new IllegalArgumentException("fixedRate: '" + fixedRate
							+ "' is not an ISO-8601 duration such as PT15M or PT1H");
				}
				return new Schedules.NewSchedule(id, null, payloadValue, null, null, rate, policy);
			}
			return new Schedules.NewSchedule(id, null, payloadValue, cron, zone, null, policy);
		}

		public String getTrigger() {
			return trigger;
		}

		public void setTrigger(String trigger) {
			this.trigger = trigger;
		}

		public String getCron() {
			return cron;
		}

		public void setCron(String cron) {
			this.cron = cron;
		}

		public String getZone() {
			return zone;
		}

		public void setZone(String zone) {
			this.zone = zone;
		}

		public String getFixedRate() {
			return fixedRate;
		}

		public void setFixedRate(String fixedRate) {
			this.fixedRate = fixedRate;
		}

		public String getPayload() {
			return payload;
		}

		public void setPayload(String payload) {
			this.payload = payload;
		}

		public String getMisfire() {
			return misfire;
		}

		public void setMisfire(String misfire) {
			this.misfire = misfire;
		}


	}

}
