package dev.jobs.core.web;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import dev.jobs.core.Batches;
import dev.jobs.core.IdempotencyConflictException;
import dev.jobs.core.InvalidJobPayloadException;
import dev.jobs.core.InvalidWorkflowException;
import dev.jobs.core.JobClient;
import dev.jobs.core.JobClient.Submission;
import dev.jobs.core.JobView;
import dev.jobs.core.WorkflowRequest;
import dev.jobs.core.WorkflowSubmission;
import dev.jobs.core.WorkflowView;
import dev.jobs.core.operationlog.OperationLog;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Workflows over HTTP: submit named steps that wait for each other, and see the graph a job belongs to with each
 * step's status. Ownership as for jobs.
 */
@RestController
@Tag(name = "Workflows", description = "Submit jobs that wait for each other; see a job's graph")
class WorkflowController {

	private final JobClient client;

	private final Batches batches;

	private final JobAccess access;

	private final SubmissionChecks checks;

	private final SubmissionLog submissionLog;

	WorkflowController(JobClient client, Batches batches, JobAccess access, SubmissionChecks checks,
			SubmissionLog submissionLog) {
		this.client = client;
		this.batches = batches;
		this.access = access;
		this.checks = checks;
		this.submissionLog = submissionLog;
	}

	@PostMapping("/api/workflows")
	@OperationLog(action = "WORKFLOW_SUBMIT", target = "#result?.body?.workflow",
			success = "submitted a workflow of #{#request.steps.size()} step(s): #{#result.body.steps.keySet().toString()}",
			fail = "could not submit a workflow of #{#request?.steps?.size() ?: 0} step(s): #{#errorMessage}")
	@Operation(operationId = "submitWorkflow",
			summary = "Submit a workflow: named steps, each after the steps it names, all or none",
			description = "Steps without steps before them are queued at once; the others wait (AWAITING) until every "
					+ "step they come after has succeeded. If one of those fails for good or is cancelled, the step "
					+ "is cancelled with the reason, and so are the steps after it, unless it runs anyway. Each step "
					+ "follows POST /api/jobs's rules (submit roles, active-job limits, payload checks, an "
					+ "operation-log entry). A name used twice, an unknown step or a cycle is a 400 naming the step "
					+ "(steps[2] (ship)); nothing is written.")
	@ApiResponse(responseCode = "201", description = "Stored: each step's job by the step's name",
			content = @Content(mediaType = "application/json",
					schema = @Schema(implementation = WorkflowResponse.Submitted.class)))
	@ApiResponse(responseCode = "400", description = "Fields refused, or the graph is not valid (the step named); "
			+ "nothing was written", content = @Content(mediaType = "application/problem+json"))
	@ApiResponse(responseCode = "401", description = "No credentials",
			content = @Content(mediaType = "application/problem+json"))
	@ApiResponse(responseCode = "403", description = "The caller's roles may not submit some steps' types (named); "
			+ "nothing was written", content = @Content(mediaType = "application/problem+json"))
	@ApiResponse(responseCode = "413", description = "The body is over jobs.api.max-request-size",
			content = @Content(mediaType = "application/problem+json"))
	@ApiResponse(responseCode = "422", description = "An idempotency key reused for another type or payload (the "
			+ "step named); nothing was written", content = @Content(mediaType = "application/problem+json"))
	@ApiResponse(responseCode = "429", description = "The jobs would take the caller over a type's active-job limit; "
			+ "nothing was written", content = @Content(mediaType = "application/problem+json"))
	ResponseEntity<WorkflowResponse.Submitted> submit(@RequestBody WorkflowSubmitRequest request,
			HttpServletRequest http) {
		Caller caller = access.caller(http); // who asks comes first: an anonymous caller learns nothing about the body
		checks.validate(request);
		List<WorkflowSubmitRequest.Step> steps = request.steps();
		try {
			return submit(steps, caller, http);
		}
		catch (RuntimeException refused) {
			// All or none: every step of a refused workflow gets the failure entry a single submission would.
			for (WorkflowSubmitRequest.Step step : steps) {
				try {
					submissionLog.submittedStep(step, null, refused);
				}
				catch (RuntimeException expected) {
					// the refusal itself, thrown back by the log's method
				}
			}
			throw refused;
		}
	}

	private ResponseEntity<WorkflowResponse.Submitted> submit(List<WorkflowSubmitRequest.Step> steps, Caller caller,
			HttpServletRequest http) {
		List<SubmissionChecks.Entry> entries = new ArrayList<>(steps.size());
		for (int i = 0; i < steps.size(); i++) {
			entries.add(steps.get(i).entry("steps[" + i + "]"));
		}
		checks.check(entries, http);
		List<WorkflowRequest.Step> request = new ArrayList<>(steps.size());
		for (WorkflowSubmitRequest.Step step : steps) {
			request.add(new WorkflowRequest.Step(step.name(),
					new JobClient.JobRequest(step.type(), step.payload(), step.options(caller.name())),
					(step.after() != null) ? step.after() : List.of(), Boolean.TRUE.equals(step.runAnyway())));
		}
		WorkflowSubmission submission;
		try {
			submission = client.submitWorkflow(new WorkflowRequest(request));
		}
		catch (IdempotencyConflictException ex) {
			throw SubmissionChecks.keyConflict(entries, ex);
		}
		catch (InvalidJobPayloadException ex) {
			throw SubmissionChecks.renamed(ex, field -> stepField(field, steps));
		}
		catch (InvalidWorkflowException ex) {
			throw SubmissionChecks.renamed(ex, field -> stepField(field, steps));
		}
		Map<String, BulkSubmitRequest.Submitted> answer = new LinkedHashMap<>();
		UUID first = null;
		for (WorkflowSubmitRequest.Step step : steps) {
			Submission job = submission.steps().get(step.name());
			if (job == null) {
				continue;
			}
			JobView view = submissionLog.submittedStep(step, job.job(), null);
			first = (first != null) ? first : view.id();
			answer.put(step.name(), new BulkSubmitRequest.Submitted(view.id().toString(), view.type(),
					view.status().name(), !job.created(), "/api/jobs/" + view.id()));
		}
		String workflow = "/api/jobs/" + first + "/workflow";
		return ResponseEntity.status(HttpStatus.CREATED)
			.location(URI.create(workflow))
			.body(new WorkflowResponse.Submitted(answer, workflow));
	}

	/**
	 * A field as the engine names a step's ({@code steps[2].payload.x}, or by the step's name) as the request
	 * names it: {@code steps[2] (ship)} stays, a bare name becomes its index and name.
	 */
	static String stepField(String field, List<WorkflowSubmitRequest.Step> steps) {
		if (field.startsWith("steps[")) {
			return field;
		}
		for (int i = 0; i < steps.size(); i++) {
			String name = steps.get(i).name();
			if (field.equals(name) || field.startsWith(name + ".")) {
				return "steps[" + i + "] (" + name + ")" + field.substring(name.length());
			}
		}
		return field;
	}

	@GetMapping("/api/jobs/{id}/workflow")
	@Operation(operationId = "getJobWorkflow",
			summary = "The workflow a job is part of: its steps with their status and reason, and the edges",
			description = "Every job connected to this one through dependencies. A job without dependencies or "
					+ "dependents is a workflow of one. Someone else's job answers 404, exactly like a job that does "
					+ "not exist; a step you may not see is left out with its edges.")
	WorkflowResponse workflow(@PathVariable UUID id, HttpServletRequest http) {
		access.requireVisible(id, http);
		WorkflowView graph = batches.workflow(id);
		Set<UUID> hidden = new HashSet<>();
		if (!access.seesAll(http)) {
			// Dependencies submitted through the Java API may reach other people's jobs: those stay unseen.
			for (WorkflowView.Step step : graph.steps()) {
				if (!step.jobId().equals(id) && !access.isVisible(step.jobId(), http)) {
					hidden.add(step.jobId());
				}
			}
		}
		List<WorkflowResponse.Step> steps = graph.steps()
			.stream()
			.filter(step -> !hidden.contains(step.jobId()))
			.map(step -> new WorkflowResponse.Step(step.jobId().toString(), step.name(), step.type(), step.status(),
					step.reason(), "/api/jobs/" + step.jobId()))
			.toList();
		List<WorkflowResponse.Edge> edges = graph.edges()
			.stream()
			.filter(edge -> !hidden.contains(edge.job()) && !hidden.contains(edge.dependsOn()))
			.map(edge -> new WorkflowResponse.Edge(edge.job().toString(), edge.dependsOn().toString(),
					edge.runAnyway()))
			.toList();
		return new WorkflowResponse(steps, edges);
	}

}
