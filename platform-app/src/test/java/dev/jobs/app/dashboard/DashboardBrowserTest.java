package dev.jobs.app.dashboard;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import dev.jobs.core.JobStatus;
import dev.jobs.core.SubmitOptions;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard in a real browser (headless Chromium) against the whole application: form login,
 * security, PostgreSQL, RabbitMQ and the workers. Each test leaves a screenshot in
 * target/screenshots.
 */
class DashboardBrowserTest extends DashboardIntegrationTest {

	private static Browser browser;

	@BeforeAll
	static void startBrowser() {
		browser = null;
	}

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
		}
	}

	@Test
	void adminFindsAFailedJobByFilterSeesItsStackTraceRetriesItAndSeesItSucceed() {
		String key = "dash-broken-" + UUID.randomUUID();
		UUID id = failedJob(key);
		Browser b = browser();
		b.signIn(Account.ADMIN.username(), Account.ADMIN.password());

		b.open("/dashboard/jobs");
		new Select(b.find("#filter-type")).selectByValue("SLEEP");
		new Select(b.find("#filter-status")).selectByValue("FAILED");
		b.find("#filter-q").sendKeys(key);
		b.find("#apply-filter").click();
		b.waitFor(ExpectedConditions.textToBe(By.id("total"), "1"));
		WebElement row = b.find("tr[data-job-id='" + id + "']");
		assertThat(row.getText()).contains("SLEEP", "FAILED", "SLEEP fails attempt 1");
		row.findElement(By.cssSelector("a.job-link")).click();

		b.waitFor(ExpectedConditions.textToBe(By.id("job-status"), "FAILED"));
		assertThat(b.find("#job-id").getText()).isEqualTo(id.toString());
		b.find("#attempts details summary").click();
		String trace = b.find("pre.stack-trace").getText();
		assertThat(trace).contains("java.lang.IllegalStateException: SLEEP fails attempt 1").contains("at dev.jobs.core.diagnostic.SleepJobHandler.handle(");
		assertThat(b.find("#payload").getText()).contains("\"failTimes\" : 1");
		assertThat(b.find("#timeline").getText()).contains("CREATED", "RUNNING", "FAILED");
		b.screenshot("job-detail-failed");

		b.find("#retry").click();
		assertThat(b.confirm()).isEqualTo("Start a new attempt of this job?");
		b.waitFor(ExpectedConditions.textToBePresentInElementLocated(By.id("flash"), "Retried 1 of 1 job."));
		// The status refreshes by itself (htmx) until the job ends.
		b.waitFor(ExpectedConditions.textToBe(By.id("job-status"), "SUCCEEDED"));
		assertThat(jobs.find(id).orElseThrow().status()).isEqualTo(JobStatus.SUCCEEDED);
		assertThat(jobs.find(id).orElseThrow().attempt()).isEqualTo(2);
		b.screenshot("job-detail-succeeded");

		b.open("/dashboard");
		b.waitFor(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#counts tr[data-type='SLEEP']")));
		b.waitFor(d -> (Boolean) ((org.openqa.selenium.JavascriptExecutor) d)
			.executeScript("return typeof Chart !== 'undefined' && Chart.getChart('throughput-chart') != null"
					+ " && Chart.getChart('throughput-chart').data.labels.length > 0"));
		b.screenshot("overview");
	}

	@Test
	void adminBulkCancelsWaitingJobsAndSeesTheCount() {
		String owner = "dash-bulk-" + UUID.randomUUID().toString().substring(0, 8);
		List<UUID> waiting = new ArrayList<>();
		Instant later = Instant.now().plus(1, ChronoUnit.HOURS);
		for (int i = 0; i < 3; i++) {
			waiting.add(jobs.submit("SLEEP", Map.of("millis", 0),
					SubmitOptions.defaults().withCreatedBy(owner).withRunAt(later)).id());
			created.add(waiting.get(i));
		}
		Browser b = browser();
		b.signIn(Account.ADMIN.username(), Account.ADMIN.password());
		b.open("/dashboard/jobs?status=PENDING&owner=" + owner);
		b.waitFor(ExpectedConditions.textToBe(By.id("total"), "3"));

		// One ticked job first, then everything still matching.
		b.find("tr[data-job-id='" + waiting.get(0) + "'] input.select").click();
		b.find("#cancel-selected").click();
		assertThat(b.confirm()).isEqualTo("Cancel 1 selected job(s)?");
		b.waitFor(ExpectedConditions.textToBePresentInElementLocated(By.id("flash"), "Cancelled 1 of 1 job."));
		b.waitFor(ExpectedConditions.textToBe(By.id("total"), "2"));

		b.find("#cancel-matching").click();
		assertThat(b.confirm()).isEqualTo("Cancel all 2 job(s) matching this filter?");
		b.waitFor(ExpectedConditions.textToBePresentInElementLocated(By.id("flash"), "Cancelled 2 of 2 jobs."));
		b.waitFor(ExpectedConditions.textToBe(By.id("total"), "0"));
		b.screenshot("bulk-cancel");
		for (UUID id : waiting) {
			assertThat(jobs.find(id).orElseThrow().status()).isEqualTo(JobStatus.CANCELLED);
		}

		// Both actions are in the operation log, with the filter and the count.
		String target = "status=PENDING, owner=" + owner;
		awaitOperationLogEntry("DASHBOARD_BULK_CANCEL_MATCHING", target);
		b.open("/dashboard/operation-log?action=DASHBOARD_BULK_CANCEL_MATCHING&target="
				+ java.net.URLEncoder.encode(target, java.nio.charset.StandardCharsets.UTF_8));
		WebElement entry = b.find("#oplog-table tr[data-entry-id]");
		assertThat(entry.findElement(By.cssSelector(".entry-user")).getText()).isEqualTo(Account.ADMIN.username());
		assertThat(entry.findElement(By.cssSelector(".entry-message")).getText())
			.isEqualTo("cancelled 2 of 2 job(s) matching " + target + " from the dashboard");
		awaitOperationLogEntry("DASHBOARD_BULK_CANCEL", waiting.get(0).toString());
	}

	/** Entries reach the log through the broker: wait until this one is written. */
	private void awaitOperationLogEntry(String action, String target) {
		org.awaitility.Awaitility.await()
			.atMost(java.time.Duration.ofSeconds(20))
			.pollInterval(java.time.Duration.ofMillis(50))
			.until(() -> jdbc.sql("SELECT count(*) FROM {jobs}.operation_log WHERE action = ? AND target = ?")
				.params(action, target)
				.query(Integer.class)
				.single() == 1);
	}

	@Test
	void adminsRetryIsInTheOperationLogWithWhoWhatHowManyAndFromWhere() {
		UUID id = failedJob("dash-oplog-" + UUID.randomUUID());
		Browser b = browser();
		b.signIn(Account.ADMIN.username(), Account.ADMIN.password());
		b.open("/dashboard/jobs/" + id);
		b.find("#retry").click();
		assertThat(b.confirm()).isEqualTo("Start a new attempt of this job?");
		b.waitFor(ExpectedConditions.textToBePresentInElementLocated(By.id("flash"), "Retried 1 of 1 job."));
		awaitStatus(id, Set.of(JobStatus.SUCCEEDED), JOB_TIMEOUT);
		awaitOperationLogEntry("DASHBOARD_JOB_RETRY", id.toString());

		b.find("#nav-operation-log").click();
		b.find("#oplog-target").sendKeys(id.toString());
		b.find("#oplog-apply").click();
		b.waitFor(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#oplog-table tr[data-entry-id]"), 1));
		WebElement row = b.find("#oplog-table tr[data-entry-id]");
		assertThat(row.findElement(By.cssSelector(".entry-user")).getText()).isEqualTo(Account.ADMIN.username());
		assertThat(row.findElement(By.cssSelector(".entry-action")).getText()).isEqualTo("DASHBOARD_JOB_RETRY");
		assertThat(row.findElement(By.cssSelector(".entry-message")).getText())
			.isEqualTo("retried job " + id + " from the dashboard: 1 of 1 changed");
		// Shown in the viewer's time zone: the script replaced the ISO instant with a local date and time.
		WebElement time = row.findElement(By.cssSelector("time"));
		assertThat(time.getText()).isNotEqualTo(time.getAttribute("datetime")).isNotBlank();
		b.screenshot("operation-log");

		row.findElement(By.cssSelector("a.entry-link")).click();
		b.waitFor(ExpectedConditions.textToBe(By.id("entry-action"), "DASHBOARD_JOB_RETRY"));
		assertThat(b.find("#entry-target").getText()).isEqualTo(id.toString());
		assertThat(b.find("#entry-outcome").getText()).isEqualTo("SUCCESS");
		assertThat(b.find("#entry-request-line").getText()).isEqualTo("POST /dashboard/jobs/" + id + "/retry");
		assertThat(b.find("#entry-ip").getText()).isNotEqualTo("–");
		assertThat(b.find("#entry-user-agent").getText()).contains("Chrome");
		assertThat(b.find("#entry-correlation").getText()).isNotEqualTo("–");
		b.screenshot("operation-log-entry");
	}

	@Test
	void aRunningJobsProgressUpdatesByItselfUntilItSucceeds() {
		UUID id = jobs.submit("SLEEP", Map.of("millis", 4000)).id();
		created.add(id);
		Browser b = browser();
		b.signIn(Account.ADMIN.username(), Account.ADMIN.password());
		b.open("/dashboard/jobs/" + id);

		b.waitFor(ExpectedConditions.textToBe(By.id("job-status"), "RUNNING"));
		b.waitFor(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#live progress")));
		assertThat(b.find("#live").getText()).contains("sleeping");
		assertThat(b.present("#cancel")).isTrue();
		b.screenshot("job-running");
		b.waitFor(ExpectedConditions.textToBe(By.id("job-status"), "SUCCEEDED"));
		assertThat(b.find("#ended-hint").getText()).contains("reload");
	}

	@Test
	void adminSeesWhyAJobIsParkedAndReDrivesIt() {
		UUID id = failedJob("dash-parked-" + UUID.randomUUID());
		Browser b = browser();
		b.signIn(Account.ADMIN.username(), Account.ADMIN.password());
		b.open("/dashboard/dead-letters?type=SLEEP");

		WebElement row = b.find("#parked a[title='" + id + "']").findElement(By.xpath("ancestor::tr"));
		assertThat(row.getText()).contains("SLEEP fails attempt 1");
		b.screenshot("dead-letters");
		row.findElement(By.cssSelector("button[type=submit]")).click();
		assertThat(b.confirm()).isEqualTo("Retry this parked job?");
		b.waitFor(ExpectedConditions.textToBePresentInElementLocated(By.id("flash"), "Retried 1 of 1 job."));
		assertThat(awaitStatus(id, Set.of(JobStatus.SUCCEEDED), JOB_TIMEOUT).attempt()).isEqualTo(2);
	}

	@Test
	void adminRetriesAFailureGroupFromItsPageAndItsJobsSucceed() {
		dev.jobs.app.FailureGroupRows.Group group = dev.jobs.app.FailureGroupRows.largest(jdbc, 3);
		String size = String.valueOf(group.ids().size());
		created.addAll(group.ids());
		Browser b = browser();
		b.signIn(Account.ADMIN.username(), Account.ADMIN.password());

		b.open("/dashboard");
		b.find("#top-failure-groups tr[data-fingerprint='" + group.fingerprint() + "']");
		b.find("#nav-failure-groups").click();
		WebElement row = b.find("#failure-groups tr[data-fingerprint='" + group.fingerprint() + "']");
		assertThat(row.findElement(By.cssSelector("td.count")).getText()).isEqualTo(size);
		assertThat(row.getText()).contains("SLEEP", "java.lang.IllegalStateException", group.message(),
				"com.example.billing.Invoices.charge");
		b.screenshot("failure-groups");
		row.findElement(By.cssSelector("a.group-link")).click();

		b.waitFor(ExpectedConditions.textToBe(By.id("fingerprint"), group.fingerprint()));
		assertThat(b.find("#group-count").getText()).isEqualTo(size);
		assertThat(b.find("#sample-stack-trace").getText()).contains("at com.example.billing.Invoices.charge(");
		b.screenshot("failure-group");
		b.find("#retry-group").click();
		assertThat(b.confirm()).isEqualTo("Retry all " + size + " failed job(s) of this group?");
		b.waitFor(ExpectedConditions.textToBePresentInElementLocated(By.id("flash"), "Retried " + size + " of " + size + " jobs."));
		for (UUID id : group.ids()) {
			assertThat(awaitStatus(id, Set.of(JobStatus.SUCCEEDED), JOB_TIMEOUT).attempt()).isEqualTo(2);
		}
		awaitOperationLogEntry("DASHBOARD_FAILURE_GROUP_RETRY", group.fingerprint());
	}

	@Test
	void auditorSeesTheFailureGroupsWithoutActions() {
		dev.jobs.app.FailureGroupRows.Group group = dev.jobs.app.FailureGroupRows.failed(jdbc, 1);
		created.addAll(group.ids());
		Browser b = browser();
		b.signIn(Account.AUDITOR.username(), Account.AUDITOR.password());

		b.open("/dashboard/failure-groups");
		b.find("#failure-groups tr[data-fingerprint='" + group.fingerprint() + "'] a.group-link").click();
		b.waitFor(ExpectedConditions.textToBe(By.id("fingerprint"), group.fingerprint()));
		assertThat(b.present("pre.stack-trace")).isTrue();
		assertThat(b.present("#retry-group")).isFalse();
		assertThat(b.present("#cancel-group")).isFalse();
		assertThat(b.present("form[method=post][action*='/dashboard/']")).isFalse();
		b.screenshot("auditor-failure-group");
		assertThat(jobs.find(group.ids().get(0)).orElseThrow().status()).isEqualTo(JobStatus.FAILED);
	}

	@Test
	void auditorSeesEveryPageWithoutActionsAndIsRefusedWhenPostingOne() {
		UUID id = failedJob("dash-audit-" + UUID.randomUUID());
		Browser b = browser();
		b.signIn(Account.AUDITOR.username(), Account.AUDITOR.password());

		b.open("/dashboard");
		b.find("#counts tr[data-type='SLEEP']");
		assertThat(b.find("#access-badge").getText()).isEqualTo("read-only");
		b.screenshot("auditor-overview");

		b.open("/dashboard/jobs?type=SLEEP&status=FAILED");
		b.find("tr[data-job-id]");
		assertThat(b.present("input.select")).isFalse();
		assertThat(b.present("button[name=op]")).isFalse();

		b.open("/dashboard/jobs/" + id);
		b.waitFor(ExpectedConditions.textToBe(By.id("job-status"), "FAILED"));
		assertThat(b.present("pre.stack-trace")).isTrue();
		assertThat(b.present("#retry")).isFalse();
		assertThat(b.present("#delete")).isFalse();
		assertThat(b.present("form[action*='/dashboard/']")).isFalse();
		b.screenshot("auditor-job-detail");

		b.open("/dashboard/dead-letters?type=SLEEP");
		b.find("#parked");
		assertThat(b.present("#redrive-all")).isFalse();
		b.open("/dashboard/types");
		assertThat(b.find("#types").getText()).contains("SLEEP");
		b.find("#nav-operation-log").click();
		b.find("#oplog-table");
		// The filter is a GET form; nothing on the page posts to the dashboard.
		assertThat(b.present("form#oplog-filters[method=get]")).isTrue();
		assertThat(b.present("form[method=post][action*='/dashboard']")).isFalse();
		b.screenshot("auditor-operation-log");

		// The buttons are not there; a forged POST with the auditor's own valid session and CSRF token is refused.
		b.open("/dashboard/jobs/" + id);
		b.find("#job-status");
		Object status = b.driver.executeAsyncScript("""
				const done = arguments[arguments.length - 1];
				const token = document.querySelector('form[action$="/logout"] input[name="_csrf"]').value;
				fetch('/dashboard/jobs/%s/retry', { method: 'POST', body: new URLSearchParams({ _csrf: token }),
				    redirect: 'manual' }).then(r => done(r.status), e => done('error ' + e));
				""".formatted(id));
		assertThat(status).isEqualTo(403L);
		assertThat(jobs.find(id).orElseThrow().status()).isEqualTo(JobStatus.FAILED);
	}

	@Test
	void plainUsersAndManagersAreRefused() {
		Browser b = browser();
		for (Account account : List.of(Account.USER, Account.MANAGER)) {
			b.signIn(account.username(), account.password());
			b.open("/dashboard");
			b.waitFor(d -> b.text().contains("\"status\":403"));
			assertThat(b.present("#counts")).isFalse();
			b.screenshot("refused-" + account.name().toLowerCase());
			b.open("/dashboard/jobs");
			b.waitFor(d -> b.text().contains("\"status\":403"));
			b.open("/dashboard/operation-log");
			b.waitFor(d -> b.text().contains("\"status\":403"));
		}
	}

}
