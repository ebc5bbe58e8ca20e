package dev.jobs.app.dashboard;

import java.util.Map;
import java.util.Set;
import java.util.UUID;

import dev.jobs.core.BatchStatus;
import dev.jobs.core.BatchSubmission;
import dev.jobs.core.Batches;
import dev.jobs.core.JobStatus;
import dev.jobs.core.SubmitOptions;
import dev.jobs.core.WorkflowSubmission;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The batches pages and the workflow view in a real browser (headless Chromium) against the whole application:
 * an administrator finds a failed batch from the navigation, opens it, retries its failed members through the
 * confirmation and sees it succeed; a workflow's step shows its graph. Screenshots in target/screenshots.
 */
class DashboardBatchesBrowserTest extends DashboardIntegrationTest {

	private static Browser browser;

	@Autowired
	private Batches batches;

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

	@Test
	void adminFindsAFailedBatchRetriesItsFailedMembersAndSeesItSucceed() {
		String owner = "dash-bb-" + UUID.randomUUID().toString().substring(0, 8);
		BatchSubmission batch = jobs.batch()
			.description("Export every department")
			.createdBy(owner)
			.add("NOOP", Map.of())
			.add("NOOP", Map.of())
			.add("NOOP", Map.of())
			.add("SLEEP", Map.of("millis", 0, "failTimes", 1))
			.onComplete("NOOP", Map.of(), SubmitOptions.defaults())
			.submit();
		batch.members().forEach(m -> created.add(m.id()));
		created.addAll(batch.callbacks().values());
		await().atMost(JOB_TIMEOUT).until(() -> batches.find(batch.id()).orElseThrow().status(), s -> s == BatchStatus.FAILED);
		Browser b = browser();
		b.signIn(Account.ADMIN.username(), Account.ADMIN.password());

		b.open("/dashboard");
		b.find("#nav-batches").click();
		new Select(b.find("#filter-status")).selectByValue("FAILED");
		b.find("#filter-owner").sendKeys(owner);
		b.find("#apply-filter").click();
		b.waitFor(ExpectedConditions.textToBe(By.id("total"), "1"));
		WebElement row = b.find("tr[data-batch-id='" + batch.id() + "']");
		assertThat(row.getText()).contains("Export every department", "FAILED", "4 / 4", owner);
		assertThat(row.findElement(By.cssSelector(".count-failed")).getText()).isEqualTo("1");
		b.screenshot("batches");
		row.findElement(By.cssSelector("a.batch-link")).click();

		b.waitFor(ExpectedConditions.textToBe(By.id("batch-id"), batch.id().toString()));
		assertThat(b.find("#count-succeeded").getText()).isEqualTo("3");
		assertThat(b.find("#count-failed").getText()).isEqualTo("1");
		assertThat(b.find("#callbacks").getText()).contains("on completion", "NOOP");
		b.find("#member-statuses a[data-status='FAILED']").click();
		b.waitFor(ExpectedConditions.textToBe(By.id("members-total"), "1"));
		assertThat(b.find("#members").getText()).contains("SLEEP", "SLEEP fails attempt 1");
		b.screenshot("batch-failed");

		b.find("#retry-failed").click();
		assertThat(b.confirm()).isEqualTo("Retry the 1 failed or cancelled member(s) of this batch?");
		b.waitFor(ExpectedConditions.textToBePresentInElementLocated(By.id("flash"),
				"Retried 1 failed or cancelled member(s) of batch " + batch.id()));
		await().atMost(JOB_TIMEOUT).until(() -> batches.find(batch.id()).orElseThrow().status(), s -> s == BatchStatus.SUCCEEDED);
		b.open("/dashboard/batches/" + batch.id());
		b.waitFor(ExpectedConditions.textToBe(By.id("batch-status"), "SUCCEEDED"));
		assertThat(b.find("#count-succeeded").getText()).isEqualTo("4");
		assertThat(b.present("#retry-failed")).isFalse();
		b.screenshot("batch-succeeded");
	}

	@Test
	void aWorkflowsStepShowsTheGraphWithEachStepsStatus() {
		WorkflowSubmission order = jobs.workflow()
			.step("charge", "NOOP", Map.of())
			.step("ship", "SLEEP", Map.of("millis", 0, "failTimes", 1))
			.after("charge")
			.step("notify", "NOOP", Map.of())
			.after("ship")
			.step("audit", "NOOP", Map.of())
			.after("ship")
			.runAnyway()
			.submit();
		order.steps().values().forEach(s -> created.add(s.id()));
		awaitStatus(order.id("notify"), Set.of(JobStatus.CANCELLED), JOB_TIMEOUT);
		awaitStatus(order.id("audit"), Set.of(JobStatus.SUCCEEDED), JOB_TIMEOUT);
		Browser b = browser();
		b.signIn(Account.AUDITOR.username(), Account.AUDITOR.password());

		b.open("/dashboard/jobs/" + order.id("ship"));
		b.waitFor(ExpectedConditions.textToBe(By.id("job-status"), "FAILED"));
		WebElement graph = b.find("#workflow-graph");
		assertThat(graph.findElements(By.cssSelector("g[data-step]"))).hasSize(4);
		assertThat(graph.findElements(By.cssSelector("path.run-anyway"))).hasSize(1);
		assertThat(b.find("#workflow-steps").getText()).contains("charge", "SUCCEEDED", "ship", "FAILED", "notify",
				"CANCELLED", "audit", "ship (runs anyway)");
		assertThat(b.find("#workflow-edges").getText()).contains("ship waits for charge",
				"audit waits for ship (runs anyway)");
		b.screenshot("workflow");

		b.find("#workflow-steps tr[data-step='" + order.id("charge") + "'] a.job-link").click();
		b.waitFor(ExpectedConditions.textToBe(By.id("job-id"), order.id("charge").toString()));
		assertThat(b.find("#job-status").getText()).isEqualTo("SUCCEEDED");
	}

}
