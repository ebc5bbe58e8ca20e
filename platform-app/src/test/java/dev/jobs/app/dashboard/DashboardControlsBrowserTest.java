package dev.jobs.app.dashboard;

import java.util.Map;
import java.util.Set;
import java.util.UUID;

import dev.jobs.core.JobStatus;
import dev.jobs.core.JobTypeControls;
import dev.jobs.core.schedule.MisfirePolicy;
import dev.jobs.core.schedule.Schedules;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operators' controls in a real browser (headless Chromium) against the whole application: an administrator
 * pauses, resumes and limits a job type, edits, pauses and runs a schedule now; an auditor sees the job types,
 * instances and schedules pages with no action on them. Each test leaves a screenshot in target/screenshots.
 */
class DashboardControlsBrowserTest extends DashboardIntegrationTest {

	private static Browser browser;

	@Autowired
	JobTypeControls controls;

	@Autowired
	Schedules schedules;

	private final String scheduleId = "browser-" + UUID.randomUUID().toString().substring(0, 8);

	private Browser browser() {
		if (browser == null) {
			browser = new Browser(port);
		}
		return browser;
	}

	@AfterAll
	static void stopBrowser() {
		if (browser != null) {
			browser.close();
			browser = null;
		}
	}

	@AfterEach
	void runAsConfigured() {
		controls.resume("SLEEP", "test");
		controls.resetGlobalConcurrency("SLEEP", "test");
		if (schedules.list().stream().anyMatch(s -> s.id().equals(scheduleId))) {
			schedules.delete(scheduleId);
		}
	}

	@Test
	void anAdministratorPausesResumesAndLimitsAType() {
		Browser b = browser();
		b.signIn(Account.ADMIN.username(), Account.ADMIN.password());
		b.open("/dashboard/types");

		b.find("#pause-SLEEP").click();
		assertThat(b.confirm()).startsWith("Pause this type on every instance?");
		b.waitFor(ExpectedConditions.textToBePresentInElementLocated(By.id("flash"), "Paused SLEEP on every instance"));
		assertThat(controls.get("SLEEP").paused()).isTrue();
		assertThat(b.find("#types [data-state='paused']").getText()).isEqualTo("paused");

		b.find("#resume-SLEEP").click();
		b.waitFor(ExpectedConditions.textToBePresentInElementLocated(By.id("flash"), "Resumed SLEEP"));
		assertThat(controls.get("SLEEP").paused()).isFalse();

		WebElement limit = b.find("#global-concurrency-SLEEP");
		limit.clear();
		limit.sendKeys("3");
		b.find("#limit-concurrency-SLEEP").click();
		b.waitFor(ExpectedConditions.textToBePresentInElementLocated(By.id("flash"),
				"Limited SLEEP to 3 attempt(s) running at once across all instances"));
		assertThat(controls.get("SLEEP").effectiveGlobalConcurrency()).isEqualTo(3);
		b.screenshot("job-types");
		b.find("#reset-global-concurrency-SLEEP").click();
		b.waitFor(ExpectedConditions.textToBePresentInElementLocated(By.id("flash"), "Reset SLEEP"));
		assertThat(controls.get("SLEEP").limited()).isFalse();
	}

	@Test
	void anAdministratorEditsPausesAndRunsAScheduleNow() {
		schedules.create(new Schedules.NewSchedule(scheduleId, "SLEEP", Map.of("millis", 0), "0 0 * * * *", "UTC",
				null, MisfirePolicy.RUN_ONCE), Account.ADMIN.username());
		Browser b = browser();
		b.signIn(Account.ADMIN.username(), Account.ADMIN.password());
		b.open("/dashboard/schedules");
		b.find("tr[data-schedule='" + scheduleId + "'] a").click();

		WebElement cron = b.find("#edit input[name=cron]");
		cron.clear();
		cron.sendKeys("0 30 * * * *");
		b.find("#save").click();
		b.waitFor(d -> b.present("#flash") || b.present("#flash-error") || b.text().contains("\"status\""));
		assertThat(b.present("#flash-error")).as(b.text()).isFalse();
		assertThat(b.find("#flash").getText()).startsWith("Saved schedule " + scheduleId);
		assertThat(schedules.find(scheduleId).cron()).isEqualTo("0 30 * * * *");

		b.find("#pause").click();
		assertThat(b.confirm()).isEqualTo("Pause this schedule? It submits nothing until resumed.");
		b.waitFor(ExpectedConditions.textToBe(By.id("state"), "paused"));
		assertThat(schedules.find(scheduleId).enabled()).isFalse();

		b.find("#run-now").click();
		assertThat(b.confirm()).isEqualTo("Submit one job of this schedule now?");
		b.waitFor(ExpectedConditions.textToBePresentInElementLocated(By.id("flash"), "Submitted job"));
		UUID job = UUID.fromString(b.find("#last-job").getText());
		created.add(job);
		assertThat(awaitStatus(job, Set.of(JobStatus.SUCCEEDED), JOB_TIMEOUT).type()).isEqualTo("SLEEP");
		b.screenshot("schedule");
	}

	@Test
	void anAuditorSeesJobTypesInstancesAndSchedulesWithNoAction() {
		schedules.create(new Schedules.NewSchedule(scheduleId, "SLEEP", Map.of("millis", 0), "0 0 * * * *", "UTC",
				null, MisfirePolicy.RUN_ONCE), Account.ADMIN.username());
		Browser b = browser();
		b.signIn(Account.AUDITOR.username(), Account.AUDITOR.password());

		b.open("/dashboard/types");
		assertThat(b.find("#types").getText()).contains("SLEEP", "running at once");
		b.open("/dashboard/instances");
		assertThat(b.find("#instances").getText()).isNotBlank();
		assertThat(b.present("#instances tr[data-state]")).isTrue();
		b.open("/dashboard/schedules");
		b.find("tr[data-schedule='" + scheduleId + "']");
		b.open("/dashboard/schedules/" + scheduleId);
		assertThat(b.find("#state").getText()).isEqualTo("active");
		for (String page : new String[] { "/dashboard/types", "/dashboard/instances", "/dashboard/schedules",
				"/dashboard/schedules/" + scheduleId }) {
			b.open(page);
			b.find("main");
			assertThat(b.present("form[method=post][action*='/dashboard/']")).as(page).isFalse();
			assertThat(b.present("button[data-confirm]")).as(page).isFalse();
		}
		b.screenshot("auditor-schedule");
	}

}
