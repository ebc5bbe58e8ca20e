package dev.jobs.dashboard;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import dev.jobs.core.BatchCallback;
import dev.jobs.core.BatchStatus;
import dev.jobs.core.BatchView;
import dev.jobs.core.Batches;
import dev.jobs.core.JobAdmin;
import dev.jobs.core.JobBrowser;
import dev.jobs.core.JobStatus;
import dev.jobs.core.JobTypeControls;
import dev.jobs.core.JobView;
import dev.jobs.core.WorkflowView;
import dev.jobs.core.operationlog.OperationLogReader;
import jakarta.servlet.http.HttpServletRequest;
import org.junit.jupiter.api.Test;
import org.mockito.Mockito;
import org.thymeleaf.context.WebContext;
import org.thymeleaf.spring6.SpringTemplateEngine;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;
import org.thymeleaf.web.servlet.JakartaServletWebApplication;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.http.HttpStatus;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockServletContext;
import org.springframework.ui.ExtendedModelMap;
import org.springframework.web.server.ResponseStatusException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;

/**
 * The batches pages and the job page's workflow view, rendered by their templates from the controllers' models
 * over a stubbed {@link Batches}: the counts, the bar, the callbacks and the buttons (administrators only), without
 * a database. The integration tests in platform-app run the same pages on the real engine.
 */
class BatchPagesRenderingTest {

	private static final SpringTemplateEngine TEMPLATES = templates();

	private final Batches batches = Mockito.mock(Batches.class);

	private final JobAdmin admin = Mockito.mock(JobAdmin.class);

	private final UUID batchId = UUID.fromString("11111111-2222-3333-4444-555555555555");

	private final UUID member = UUID.fromString("aaaaaaaa-0000-0000-0000-000000000001");

	private final UUID callback = UUID.fromString("cccccccc-0000-0000-0000-000000000001");

	private static SpringTemplateEngine templates() {
		ClassLoaderTemplateResolver resolver = new ClassLoaderTemplateResolver();
		resolver.setPrefix("templates/");
		resolver.setSuffix(".html");
		resolver.setTemplateMode(TemplateMode.HTML);
		resolver.setCharacterEncoding("UTF-8");
		SpringTemplateEngine engine = new SpringTemplateEngine();
		engine.setTemplateResolver(resolver);
		return engine;
	}

	private BatchView batch(BatchStatus status, long waiting, long running, long succeeded, long failed,
			long cancelled) {
		return new BatchView(batchId, "Export every department", "alice", status, false,
				waiting + running + succeeded + failed + cancelled, waiting, running, succeeded, failed, cancelled,
				Instant.parse("2026-12-04T05:00:00Z"), null, null,
				List.of(new BatchView.Callback(BatchCallback.ON_SUCCESS, callback, "NOOP", JobStatus.AWAITING)));
	}

	private MockHttpServletRequest viewer(JobAdmin.Access access) {
		MockHttpServletRequest request = new MockHttpServletRequest(new MockServletContext(), "GET", "/dashboard/batches");
		request.setUserPrincipal(() -> (access == JobAdmin.Access.ACT) ? "admin" : "auditor");
		Mockito.when(admin.access(any())).thenReturn(access);
		return request;
	}

	private BatchesPage page() {
		return new BatchesPage(batches, new BatchActions(batches, admin), admin,
				new StaticListableBeanFactory().getBeanProvider(OperationLogReader.class), new DashboardProperties());
	}

	private static String render(String view, ExtendedModelMap model, HttpServletRequest request) {
		var exchange = JakartaServletWebApplication.buildApplication(request.getServletContext())
			.buildExchange(request, new MockHttpServletResponse());
		return TEMPLATES.process(view, new WebContext(exchange, Locale.ENGLISH, Map.copyOf(model.asMap().entrySet()
			.stream()
			.filter(e -> e.getValue() != null)
			.collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)))));
	}

	@Test
	void theListShowsEachBatchsProgressAndCountsPerStatus() {
		Mockito.when(batches.list(eq(BatchStatus.RUNNING), eq("alice"), eq(0), any(Integer.class)))
			.thenReturn(new Batches.Page<>(List.of(batch(BatchStatus.RUNNING, 1, 1, 2, 1, 0)), 0, 25, 1));
		MockHttpServletRequest request = viewer(JobAdmin.Access.READ);
		ExtendedModelMap model = new ExtendedModelMap();
		BatchesPage page = page();
		page.frame(request, model);

		String html = render(page.list("running", " alice ", null, model), model, request);

		assertThat(html).contains("data-batch-id=\"" + batchId + "\"", "Export every department",
				"<td class=\"num count-total\">5</td>", "<td class=\"num count-succeeded\">2</td>",
				"<td class=\"num count-failed bad\">1</td>", "3 / 5", "id=\"nav-batches\"");
		// The bar: two of five succeeded (40 %), then one failed from 40 to 60.
		assertThat(html).contains("class=\"succeeded\" x=\"0\" y=\"0\" height=\"10\" width=\"40.0\"")
			.contains("class=\"failed\" y=\"0\" height=\"10\" x=\"40.0\" width=\"20.0\"");
	}

	@Test
	void aStatusThatDoesNotParseIsRefusedNotDropped() {
		MockHttpServletRequest request = viewer(JobAdmin.Access.READ);

		assertThatThrownBy(() -> page().list("DONE", null, null, new ExtendedModelMap()))
			.isInstanceOfSatisfying(ResponseStatusException.class,
					ex -> assertThat(ex.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST));
		assertThatThrownBy(() -> page().detail(batchId.toString(), "ENDED", null, new ExtendedModelMap()))
			.isInstanceOf(ResponseStatusException.class);
		assertThat(request.getUserPrincipal()).isNotNull();
	}

	@Test
	void anAdministratorSeesTheCountsCallbacksMembersAndBothActions() {
		Mockito.when(batches.find(batchId)).thenReturn(Optional.of(batch(BatchStatus.RUNNING, 1, 0, 2, 1, 0)));
		Mockito.when(batches.members(eq(batchId), eq(JobStatus.FAILED), eq(0), any(Integer.class)))
			.thenReturn(new Batches.Page<>(List.of(JobView.builder()
				.id(member)
				.type("SLEEP")
				.status(JobStatus.FAILED)
				.attempt(1)
				.maxAttempts(1)
				.lastError("SLEEP fails attempt 1")
				.createdAt(Instant.parse("2026-12-04T05:00:00Z"))
				.build()), 0, 25, 1));
		MockHttpServletRequest request = viewer(JobAdmin.Access.ACT);
		ExtendedModelMap model = new ExtendedModelMap();
		BatchesPage page = page();
		page.frame(request, model);

		String html = render(page.detail(batchId.toString(), "failed", null, model), model, request);

		assertThat(html).contains("<dd id=\"count-total\">4</dd>", "<dd id=\"count-succeeded\">2</dd>",
				"<dd id=\"count-failed\" class=\"bad\">1</dd>", "<dd id=\"count-waiting\">1</dd>",
				"data-callback=\"ON_SUCCESS\"", "/dashboard/jobs/" + callback, "not fired yet",
				"data-job-id=\"" + member + "\"", "SLEEP fails attempt 1", "id=\"members-total\">1<",
				"id=\"cancel-batch\"", "id=\"retry-failed\"",
				"data-confirm=\"Retry the 1 failed or cancelled member(s) of this batch?\"",
				"/dashboard/batches/" + batchId + "/cancel", "/dashboard/batches/" + batchId + "/retry-failed");
	}

	@Test
	void aReaderSeesTheBatchWithoutButtons() {
		Mockito.when(batches.find(batchId)).thenReturn(Optional.of(batch(BatchStatus.FAILED, 0, 0, 2, 1, 0)));
		Mockito.when(batches.members(eq(batchId), eq(null), eq(0), any(Integer.class)))
			.thenReturn(new Batches.Page<>(List.of(), 0, 25, 0));
		MockHttpServletRequest request = viewer(JobAdmin.Access.READ);
		ExtendedModelMap model = new ExtendedModelMap();
		BatchesPage page = page();
		page.frame(request, model);

		String html = render(page.detail(batchId.toString(), null, null, model), model, request);

		assertThat(html).contains("id=\"batch-status\"", ">FAILED<", "id=\"count-failed\" class=\"bad\">1<")
			.doesNotContain("id=\"cancel-batch\"")
			.doesNotContain("id=\"retry-failed\"")
			.doesNotContain("/retry-failed\"");
	}

	@Test
	void aReadersActionIsRefusedByTheActionsThemselves() {
		viewer(JobAdmin.Access.READ);
		BatchActions actions = new BatchActions(batches, admin);
		JobAdmin.Actor auditor = new JobAdmin.Actor("auditor", role -> "AUDITOR".equals(role));

		assertThatThrownBy(() -> actions.cancel(auditor, batchId))
			.isInstanceOf(dev.jobs.core.NotPermittedException.class)
			.hasMessageContaining("Only administrators cancel batches");
		assertThatThrownBy(() -> actions.retryFailed(auditor, batchId))
			.isInstanceOf(dev.jobs.core.NotPermittedException.class);
		Mockito.verify(batches, Mockito.never()).cancel(any());
		Mockito.verify(batches, Mockito.never()).retryFailed(any());
	}

	@Test
	void theJobPageDrawsItsWorkflowAndLinksItsBatch() {
		UUID charge = UUID.fromString("00000000-0000-0000-0000-00000000000a");
		UUID ship = UUID.fromString("00000000-0000-0000-0000-00000000000b");
		UUID notify = UUID.fromString("00000000-0000-0000-0000-00000000000c");
		JobBrowser browser = Mockito.mock(JobBrowser.class);
		JobView job = JobView.builder()
			.id(ship)
			.type("NOOP")
			.status(JobStatus.AWAITING)
			.attempt(0)
			.maxAttempts(1)
			.createdBy("alice")
			.progress(new JobView.Progress(null, null, null))
			.createdAt(Instant.parse("2026-12-04T05:00:00Z"))
			.updatedAt(Instant.parse("2026-12-04T05:00:00Z"))
			.runAt(Instant.parse("2026-12-04T05:00:00Z"))
			.build();
		Mockito.when(browser.detail(ship)).thenReturn(Optional.of(new JobBrowser.JobDetail(job, List.of(), List.of())));
		Mockito.when(batches.workflow(ship)).thenReturn(new WorkflowView(
				List.of(new WorkflowView.Step(charge, "charge", "NOOP", JobStatus.RUNNING, null),
						new WorkflowView.Step(ship, "ship", "NOOP", JobStatus.AWAITING, "waits for charge"),
						new WorkflowView.Step(notify, "notify", "NOOP", JobStatus.AWAITING, "waits for ship")),
				List.of(new WorkflowView.Edge(ship, charge, false), new WorkflowView.Edge(notify, ship, true))));
		Mockito.when(batches.batchOf(ship)).thenReturn(Optional.of(batchId));
		MockHttpServletRequest request = viewer(JobAdmin.Access.READ);
		DashboardPages pages = new DashboardPages(browser, admin, new DashboardProperties(), JsonMapper.builder().build(),
				new StaticListableBeanFactory().getBeanProvider(OperationLogReader.class),
				Mockito.mock(JobTypeControls.class), batches);
		ExtendedModelMap model = new ExtendedModelMap();
		pages.frame(request, model);

		String html = render(pages.job(ship.toString(), model), model, request);

		assertThat(html).contains("id=\"workflow-graph\"", "ship waits for charge", "notify waits for ship (runs anyway)",
				"waits for charge", "class=\"status AWAITING\" id=\"job-status\"", "id=\"batch-link\"",
				"/dashboard/batches/" + batchId, "/dashboard/jobs/" + charge, "/dashboard/jobs/" + notify,
				"class=\"run-anyway\"", "(this job)");
	}

	@Test
	void aJobWithoutDependenciesHasNoWorkflowView() {
		UUID alone = UUID.fromString("00000000-0000-0000-0000-0000000000ff");
		JobBrowser browser = Mockito.mock(JobBrowser.class);
		JobView job = JobView.builder()
			.id(alone)
			.type("NOOP")
			.status(JobStatus.SUCCEEDED)
			.attempt(1)
			.maxAttempts(1)
			.createdBy("alice")
			.progress(new JobView.Progress(null, null, null))
			.createdAt(Instant.parse("2026-12-04T05:00:00Z"))
			.updatedAt(Instant.parse("2026-12-04T05:00:00Z"))
			.runAt(Instant.parse("2026-12-04T05:00:00Z"))
			.build();
		Mockito.when(browser.detail(alone)).thenReturn(Optional.of(new JobBrowser.JobDetail(job, List.of(), List.of())));
		Mockito.when(batches.workflow(alone))
			.thenReturn(new WorkflowView(List.of(new WorkflowView.Step(alone, null, "NOOP", JobStatus.SUCCEEDED, null)),
					List.of()));
		Mockito.when(batches.batchOf(alone)).thenReturn(Optional.empty());
		MockHttpServletRequest request = viewer(JobAdmin.Access.READ);
		DashboardPages pages = new DashboardPages(browser, admin, new DashboardProperties(), JsonMapper.builder().build(),
				new StaticListableBeanFactory().getBeanProvider(OperationLogReader.class),
				Mockito.mock(JobTypeControls.class), batches);
		ExtendedModelMap model = new ExtendedModelMap();
		pages.frame(request, model);

		String html = render(pages.job(alone.toString(), model), model, request);

		assertThat(html).contains("id=\"job-status\"").doesNotContain("id=\"workflow\"").doesNotContain("batch-link");
	}

}
