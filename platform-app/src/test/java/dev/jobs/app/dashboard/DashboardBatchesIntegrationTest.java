package dev.jobs.app.dashboard;

import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import dev.jobs.core.BatchCallback;
import dev.jobs.core.BatchStatus;
import dev.jobs.core.BatchSubmission;
import dev.jobs.core.Batches;
import dev.jobs.core.JobClient;
import dev.jobs.core.JobStatus;
import dev.jobs.core.SubmitOptions;
import dev.jobs.core.WorkflowSubmission;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The batches pages and the workflow view as deployed (form login, CSRF, the real engine, PostgreSQL and RabbitMQ):
 * a batch's counts and callbacks after its members ran, an administrator's cancel and retry of failed members (each
 * recorded), an auditor who sees no button and whose POSTs are refused, and a three-step workflow drawn on its
 * steps' pages with each step's status.
 */
class DashboardBatchesIntegrationTest extends DashboardIntegrationTest {

	private static final Map<String, Object> NOOP = Map.of();

	/** A SLEEP payload whose only attempt fails (one attempt in the tests); a retry succeeds. */
	private static final Map<String, Object> FAILS_ONCE = Map.of("millis", 0, "failTimes", 1);

	@Autowired
	private Batches batches;

	private static String owner() {
		return "dash-batch-" + UUID.randomUUID().toString().substring(0, 8);
	}

	private BatchSubmission remember(BatchSubmission batch) {
		batch.members().forEach(m -> created.add(m.id()));
		created.addAll(batch.callbacks().values());
		return batch;
	}

	private void awaitBatch(UUID id, BatchStatus status) {
		await().atMost(JOB_TIMEOUT)
			.pollInterval(Duration.ofMillis(100))
			.until(() -> batches.find(id).orElseThrow().status(), s -> s == status);
	}

	private FormSession admin() {
		return new FormSession(port).signIn(Account.ADMIN.username(), Account.ADMIN.password());
	}

	private FormSession auditor() {
		return new FormSession(port).signIn(Account.AUDITOR.username(), Account.AUDITOR.password());
	}

	/** Follows a redirect after a form's POST: the page it lands on, with its flash message. */
	private static String landing(FormSession session, HttpResponse<String> response, String expectedPath) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(302);
		String location = response.headers().firstValue("Location").orElseThrow();
		assertThat(location).endsWith(expectedPath);
		HttpResponse<String> page = session.get(location.replaceFirst("^https?://[^/]+", ""));
		assertThat(page.statusCode()).isEqualTo(200);
		return page.body();
	}

	@Test
	void aBatchOfNoopJobsShowsItsCountsProgressAndCallbackOnceItsMembersRan() {
		String owner = owner();
		BatchSubmission batch = remember(jobs.batch()
			.description("Dashboard batch of three " + owner)
			.createdBy(owner)
			.add("NOOP", NOOP)
			.add("NOOP", NOOP)
			.add("NOOP", NOOP)
			.onSuccess("NOOP", NOOP, SubmitOptions.defaults())
			.submit());
		UUID callback = batch.callbacks().get(BatchCallback.ON_SUCCESS);
		awaitBatch(batch.id(), BatchStatus.SUCCEEDED);
		awaitStatus(callback, Set.of(JobStatus.SUCCEEDED), JOB_TIMEOUT);
		FormSession admin = admin();

		String list = admin.get("/dashboard/batches?owner=" + owner).body();
		assertThat(list).contains("id=\"total\">1<", "data-batch-id=\"" + batch.id() + "\"",
				"Dashboard batch of three " + owner, "<td class=\"num count-total\">3</td>",
				"<td class=\"num count-succeeded\">3</td>", "<td class=\"num count-failed\">0</td>", "3 / 3",
				"class=\"status batch-status SUCCEEDED\"");
		assertThat(admin.get("/dashboard/batches?owner=" + owner + "&status=RUNNING").body())
			.contains("id=\"total\">0<", "No batch matches.");
		assertThat(admin.get("/dashboard/batches?status=DONE").statusCode()).isEqualTo(400);

		String page = admin.get("/dashboard/batches/" + batch.id()).body();
		assertThat(page).contains("id=\"batch-id\">" + batch.id() + "<", "<dd id=\"count-total\">3</dd>",
				"<dd id=\"count-succeeded\">3</dd>", "<dd id=\"count-failed\">0</dd>", "<dd id=\"count-waiting\">0</dd>",
				"3</span> of <span>3</span> members ended", "data-callback=\"ON_SUCCESS\"",
				"href=\"/dashboard/jobs/" + callback + "\"", "class=\"status callback-status SUCCEEDED\"",
				"id=\"members-total\">3<")
			// Nothing failed and nothing waits: neither action is offered.
			.doesNotContain("id=\"retry-failed\"")
			.doesNotContain("id=\"cancel-batch\"");
		for (JobClient.Submission member : batch.members()) {
			assertThat(page).contains("data-job-id=\"" + member.id() + "\"");
		}
		assertThat(admin.get("/dashboard/batches/" + batch.id() + "?status=SUCCEEDED").body())
			.contains("id=\"members-total\">3<");
		assertThat(admin.get("/dashboard/batches/" + batch.id() + "?status=FAILED").body())
			.contains("id=\"members-total\">0<", "No member in this status.");

		// A member's page links back to its batch.
		assertThat(admin.get("/dashboard/jobs/" + batch.members().get(0).id()).body())
			.contains("id=\"batch-link\"", "href=\"/dashboard/batches/" + batch.id() + "\"");
		assertThat(admin.get("/dashboard/batches/" + UUID.randomUUID()).statusCode()).isEqualTo(404);
		assertThat(admin.get("/dashboard/batches/not-an-id").statusCode()).isEqualTo(404);
	}

	@Test
	void anAdministratorRetriesTheFailedMembersAndAnAuditorIsRefused() {
		Timestamp start = jdbc.sql("select now()").query(Timestamp.class).single();
		String owner = owner();
		BatchSubmission batch = remember(jobs.batch()
			.description("Dashboard retry " + owner)
			.createdBy(owner)
			.add("NOOP", NOOP)
			.add("SLEEP", FAILS_ONCE)
			.add("SLEEP", FAILS_ONCE)
			.onSuccess("NOOP", NOOP, SubmitOptions.defaults())
			.submit());
		awaitBatch(batch.id(), BatchStatus.FAILED);

		FormSession auditor = auditor();
		String seen = auditor.get("/dashboard/batches/" + batch.id()).body();
		assertThat(seen).contains("<dd id=\"count-failed\" class=\"bad\">2</dd>", "<dd id=\"count-succeeded\">1</dd>")
			.doesNotContain("id=\"retry-failed\"")
			.doesNotContain("/retry-failed\"");
		assertThat(auditor.post("/dashboard/batches/" + batch.id() + "/retry-failed",
				Map.of("_csrf", FormSession.csrf(seen))).statusCode()).isEqualTo(403);
		assertThat(batches.find(batch.id()).orElseThrow().failed()).isEqualTo(2);
		assertThat(jobs.find(batch.members().get(1).id()).orElseThrow().status()).isEqualTo(JobStatus.FAILED);

		FormSession admin = admin();
		String page = admin.get("/dashboard/batches/" + batch.id()).body();
		assertThat(page).contains("id=\"retry-failed\"",
				"data-confirm=\"Retry the 2 failed or cancelled member(s) of this batch?\"");
		String after = landing(admin, admin.post("/dashboard/batches/" + batch.id() + "/retry-failed",
				Map.of("_csrf", FormSession.csrf(page))), "/dashboard/batches/" + batch.id());
		assertThat(after).contains("id=\"flash\"",
				"Retried 2 failed or cancelled member(s) of batch " + batch.id() + "; it runs again.");
		awaitBatch(batch.id(), BatchStatus.SUCCEEDED);
		for (JobClient.Submission member : batch.members()) {
			awaitStatus(member.id(), Set.of(JobStatus.SUCCEEDED), JOB_TIMEOUT);
		}
		assertThat(admin.get("/dashboard/batches/" + batch.id()).body()).contains("<dd id=\"count-succeeded\">3</dd>",
				"<dd id=\"count-failed\">0</dd>", "class=\"status SUCCEEDED\" id=\"batch-status\"");

		Map<String, Object> entry = operationLogEntry("DASHBOARD_BATCH_RETRY_FAILED", batch.id(), start);
		assertThat(entry.get("username")).isEqualTo(Account.ADMIN.username());
		assertThat(String.valueOf(entry.get("message")))
			.isEqualTo("retried 2 failed or cancelled member(s) of batch " + batch.id() + " from the dashboard");
	}

	@Test
	void anAdministratorCancelsAWaitingBatchAndAnAuditorIsRefused() {
		Timestamp start = jdbc.sql("select now()").query(Timestamp.class).single();
		String owner = owner();
		Instant later = Instant.now().plus(1, ChronoUnit.HOURS);
		BatchSubmission batch = remember(jobs.batch()
			.description("Dashboard cancel " + owner)
			.createdBy(owner)
			.add("SLEEP", Map.of("millis", 0), SubmitOptions.defaults().withRunAt(later))
			.add("SLEEP", Map.of("millis", 0), SubmitOptions.defaults().withRunAt(later))
			.onComplete("NOOP", NOOP, SubmitOptions.defaults())
			.submit());
		UUID callback = batch.callbacks().get(BatchCallback.ON_COMPLETE);

		FormSession auditor = auditor();
		assertThat(auditor.get("/dashboard/batches?owner=" + owner + "&status=RUNNING").body())
			.contains("data-batch-id=\"" + batch.id() + "\"", "0 / 2");
		String overview = auditor.get("/dashboard").body();
		assertThat(overview).contains("id=\"batches-running-count\"");
		assertThat(runningOnOverview(overview)).isGreaterThanOrEqualTo(1);
		String seen = auditor.get("/dashboard/batches/" + batch.id()).body();
		assertThat(seen).contains("<dd id=\"count-waiting\">2</dd>", "class=\"status callback-status AWAITING\"",
				"not fired yet")
			.doesNotContain("id=\"cancel-batch\"");
		assertThat(auditor.post("/dashboard/batches/" + batch.id() + "/cancel", Map.of("_csrf", FormSession.csrf(seen)))
			.statusCode()).isEqualTo(403);
		assertThat(batches.find(batch.id()).orElseThrow().status()).isEqualTo(BatchStatus.RUNNING);

		FormSession admin = admin();
		String page = admin.get("/dashboard/batches/" + batch.id()).body();
		assertThat(page).contains("id=\"cancel-batch\"", "data-confirm=\"Cancel this batch? Its 2 waiting member(s)");
		String after = landing(admin,
				admin.post("/dashboard/batches/" + batch.id() + "/cancel", Map.of("_csrf", FormSession.csrf(page))),
				"/dashboard/batches/" + batch.id());
		assertThat(after).contains("id=\"flash\"", "Cancelled batch " + batch.id());
		for (JobClient.Submission member : batch.members()) {
			awaitStatus(member.id(), Set.of(JobStatus.CANCELLED), JOB_TIMEOUT);
		}
		awaitStatus(callback, Set.of(JobStatus.CANCELLED), JOB_TIMEOUT);
		assertThat(admin.get("/dashboard/batches/" + batch.id()).body()).contains(
				"class=\"status CANCELLED\" id=\"batch-status\"", "<dd id=\"count-cancelled\">2</dd>",
				"class=\"status callback-status CANCELLED\"", "id=\"retry-failed\"")
			.doesNotContain("id=\"cancel-batch\"");

		Map<String, Object> entry = operationLogEntry("DASHBOARD_BATCH_CANCEL", batch.id(), start);
		assertThat(entry.get("username")).isEqualTo(Account.ADMIN.username());
		assertThat(String.valueOf(entry.get("message"))).startsWith("cancelled batch " + batch.id() + " from the dashboard");
	}

	@Test
	void aThreeStepWorkflowIsDrawnOnEachStepsPageWithEachStepsStatus() {
		WorkflowSubmission order = jobs.workflow()
			.step("charge", "NOOP", NOOP)
			.step("ship", "SLEEP", FAILS_ONCE)
			.after("charge")
			.step("notify", "NOOP", NOOP)
			.after("ship")
			.submit();
		UUID charge = order.id("charge");
		UUID ship = order.id("ship");
		UUID notify = order.id("notify");
		created.addAll(List.of(charge, ship, notify));
		awaitStatus(charge, Set.of(JobStatus.SUCCEEDED), JOB_TIMEOUT);
		awaitStatus(ship, Set.of(JobStatus.FAILED), JOB_TIMEOUT);
		awaitStatus(notify, Set.of(JobStatus.CANCELLED), JOB_TIMEOUT);
		FormSession auditor = auditor();

		String page = auditor.get("/dashboard/jobs/" + ship).body();
		assertThat(page).contains("id=\"workflow\"", "id=\"workflow-graph\"", "ship waits for charge",
				"notify waits for ship", "(this job)");
		assertThat(row(page, charge)).contains(">charge<", "class=\"status step-status SUCCEEDED\"");
		assertThat(row(page, ship)).contains(">ship<", "class=\"status step-status FAILED\"");
		// A step cancelled without running says why: the step it waited for failed.
		assertThat(row(page, notify)).contains(">notify<", "class=\"status step-status CANCELLED\"",
				"class=\"hint step-reason\">Not run: job " + ship + " (SLEEP), which this job waits for, ended FAILED");
		// Each step links to its job, from the table and from the drawing.
		assertThat(page).contains("href=\"/dashboard/jobs/" + charge + "\"", "href=\"/dashboard/jobs/" + notify + "\"");
		assertThat(auditor.get("/dashboard/jobs/" + notify).body()).contains("id=\"workflow-graph\"", "notify waits for ship");
	}

	@Test
	void aStepWaitingForItsDependencyIsAwaitingInTheJobsListAndItsGraph() {
		Instant later = Instant.now().plus(1, ChronoUnit.HOURS);
		UUID first = jobs.submit("SLEEP", Map.of("millis", 0), SubmitOptions.defaults().withRunAt(later)).id();
		UUID second = jobs.submit("NOOP", NOOP, SubmitOptions.defaults().withDependsOn(first)).id();
		created.addAll(List.of(first, second));
		FormSession admin = admin();

		assertThat(admin.get("/dashboard/jobs?status=AWAITING&q=" + second).body()).contains("id=\"total\">1<",
				"data-job-id=\"" + second + "\"", "class=\"status AWAITING\"");
		String page = admin.get("/dashboard/jobs/" + second).body();
		assertThat(page).contains("class=\"status AWAITING\" id=\"job-status\"", "id=\"workflow-graph\"",
				"id=\"cancel\"");
		// An awaiting step says what it waits for.
		assertThat(row(page, second)).contains("class=\"status step-status AWAITING\"", "class=\"hint step-reason\"",
				first.toString());
		// Unnamed steps are labelled by type and short id.
		assertThat(page).contains("NOOP " + second.toString().substring(0, 8) + " waits for SLEEP "
				+ first.toString().substring(0, 8));

		jobs.cancel(first);
		awaitStatus(second, Set.of(JobStatus.CANCELLED), JOB_TIMEOUT);
	}

	/** The workflow table's row of a step. */
	private static String row(String page, UUID step) {
		int at = page.indexOf("<tr data-step=\"" + step + "\"");
		assertThat(at).as("the workflow table has a row for " + step).isNotNegative();
		return page.substring(at, page.indexOf("</tr>", at));
	}

	private static long runningOnOverview(String overview) {
		java.util.regex.Matcher count = java.util.regex.Pattern.compile("id=\"batches-running-count\">(\\d+)<")
			.matcher(overview);
		assertThat(count.find()).as("the overview shows the batches running").isTrue();
		return Long.parseLong(count.group(1));
	}

	/** Entries reach the log through the broker: wait until this one is written. */
	private Map<String, Object> operationLogEntry(String action, UUID batchId, Timestamp since) {
		return await().atMost(Duration.ofSeconds(20))
			.until(() -> jdbc.sql("select * from {jobs}.operation_log where action = ? and target = ? and occurred_at >= ?")
				.params(action, batchId.toString(), since)
				.query()
				.listOfRows(), rows -> !rows.isEmpty())
			.get(0);
	}

}
