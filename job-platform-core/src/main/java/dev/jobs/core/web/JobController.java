package dev.jobs.core.web;

import dev.jobs.core.operationlog.OperationLog;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.jobs.core.IdempotencyConflictException;
import dev.jobs.core.InvalidWorkflowException;
import dev.jobs.core.JobAttemptView;
import dev.jobs.core.JobClient;
import dev.jobs.core.JobClient.Submission;
import dev.jobs.core.JobStatus;
import dev.jobs.core.JobView;
import dev.jobs.core.SubmitOptions;
import dev.jobs.core.job.JobQueries;
import dev.jobs.core.job.JobQueries.JobFilter;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Submit, watch and steer jobs over HTTP. Errors are RFC 9457 problem details (see
 * {@link JobsProblemHandler}).
 */
@RestController
@RequestMapping("/api/jobs")
@Tag(name = "Jobs", description = "Submit jobs, poll their status, cancel and retry them")
class JobController {

	static final String IDEMPOTENCY_KEY = "Idempotency-Key";

	static final String REPLAYED = "Idempotent-Replayed";

	private final JobClient client;

	private final JobQueries queries;

	private final JobAccess access;

	private final int maxPageSize;

	private final SubmissionLog submissionLog;

	private final SubmissionChecks checks;

	JobController(JobClient client, JobQueries queries, JobAccess access, int maxPageSize,
			SubmissionLog submissionLog, SubmissionChecks checks) {
		this.checks = checks;
		this.client = client;
		this.queries = queries;
		this.access = access;
		this.maxPageSize = maxPageSize;
		this.submissionLog = submissionLog;
	}

	@PostMapping
	@OperationLog(action = "JOB_SUBMIT", target = "#request.type",
			success = "submitted a #{#request.type} job, id #{#result.body.job.id}",
			fail = "could not submit a #{#request.type} job: #{#errorMessage}")
	@Operation(summary = "Submit a job",
			description = "Stores the job and answers at once with 202 and its id; a worker runs it in the background. "
					+ "With an Idempotency-Key, repeating the same request returns the first job "
					+ "(header Idempotent-Replayed: true); the same key with another payload is 422. With dependsOn, "
					+ "the job waits (AWAITING) until those jobs succeeded; a job you may not see is refused as "
					+ "unknown (400 naming dependsOn[i]).")
	ResponseEntity<JobResponse> submit(@Valid @RequestBody SubmitJobRequest request,
			@Parameter(description = "Unique per submitter: letters, digits and . _ : - (at most 200)") @RequestHeader(
					name = IDEMPOTENCY_KEY, required = false) String idempotencyKey,
			HttpServletRequest http) {
		Caller caller = caller(http);
		if (idempotencyKey != null && !SubmissionChecks.validKey(idempotencyKey)) {
			throw new InvalidRequestException(IDEMPOTENCY_KEY, SubmissionChecks.KEY_RULE);
		}
		access.requireMaySubmit(request.type(), http);
		List<UUID> dependsOn = (request.dependsOn() != null) ? request.dependsOn() : List.of();
		requireVisibleDependencies(dependsOn, http);
		SubmitOptions options = SubmitOptions.defaults()
			.withIdempotencyKey(idempotencyKey)
			.withPriority(request.priority())
			.withRunAt(request.runAt())
			.withMaxAttempts(request.maxAttempts())
			.withCreatedBy(caller.name())
			.withDependsOn(dependsOn);
		Submission submission = client.submit(request.type(), request.payload(), options);
		return ResponseEntity.status(HttpStatus.ACCEPTED)
			.location(URI.create("/api/jobs/" + submission.id()))
			.header(REPLAYED, String.valueOf(!submission.created()))
			.body(JobResponse.of(submission.job()));
	}

	@PostMapping("/bulk")
	@Operation(summary = "Submit up to 1,000 jobs, all or none",
			description = "Each job follows POST /api/jobs's rules: the same submit roles per type, the same "
					+ "active-job limits, the same payload checks, an operation-log entry per job. They are stored "
					+ "in one transaction: if one is refused, none is written, and the problem lists every refused "
					+ "field as jobs[i].field. An item's idempotencyKey used before returns that job "
					+ "(replayed: true). Answers 201 with the jobs in the request's order (200 when every one was "
					+ "replayed). An item's dependsOn names jobs it waits for, each one you may see (else 400 naming "
					+ "jobs[i].dependsOn[j]). The whole body stays within jobs.api.max-request-size (413 beyond).")
	@ApiResponse(responseCode = "201", description = "Stored (at least one job new); the jobs in the request's order",
			content = @Content(mediaType = "application/json",
					schema = @Schema(implementation = BulkSubmitRequest.Response.class)))
	@ApiResponse(responseCode = "200", description = "Every item's idempotency key named an earlier job: those jobs",
			content = @Content(mediaType = "application/json",
					schema = @Schema(implementation = BulkSubmitRequest.Response.class)))
	@ApiResponse(responseCode = "400", description = "Items refused (every field named as jobs[i].field), or not "
			+ "1 to 1000 jobs; nothing was written", content = @Content(mediaType = "application/problem+json"))
	@ApiResponse(responseCode = "401", description = "No credentials", content = @Content(
			mediaType = "application/problem+json"))
	@ApiResponse(responseCode = "403", description = "The caller's roles may not submit some items' types (named); "
			+ "nothing was written", content = @Content(mediaType = "application/problem+json"))
	@ApiResponse(responseCode = "413", description = "The body is over jobs.api.max-request-size",
			content = @Content(mediaType = "application/problem+json"))
	@ApiResponse(responseCode = "422", description = "An idempotency key reused for another type or payload "
			+ "(the item named); nothing was written", content = @Content(mediaType = "application/problem+json"))
	@ApiResponse(responseCode = "429", description = "The jobs would take the caller over a type's active-job "
			+ "limit; nothing was written", content = @Content(mediaType = "application/problem+json"))
	ResponseEntity<BulkSubmitRequest.Response> submitAll(@RequestBody BulkSubmitRequest request,
			HttpServletRequest http) {
		caller(http); // who asks comes first: an anonymous caller learns nothing about the body
		checks.validate(request);
		List<BulkSubmitRequest.Item> items = request.jobs();
		try {
			return submitAll(items, http);
		}
		catch (RuntimeException refused) {
			// All or none: every job of a refused request gets the failure entry a single submission would.
			for (BulkSubmitRequest.Item item : items) {
				try {
					submissionLog.submitted(item, null, refused);
				}
				catch (RuntimeException expected) {
					// the refusal itself, thrown back by the log's method
				}
			}
			throw refused;
		}
	}

	private ResponseEntity<BulkSubmitRequest.Response> submitAll(List<BulkSubmitRequest.Item> items,
			HttpServletRequest http) {
		Caller caller = caller(http);
		List<SubmissionChecks.Entry> entries = new ArrayList<>(items.size());
		for (int i = 0; i < items.size(); i++) {
			entries.add(items.get(i).entry("jobs[" + i + "]"));
		}
		checks.check(entries, http);
		List<JobClient.JobRequest> requests = new ArrayList<>(items.size());
		for (BulkSubmitRequest.Item item : items) {
			requests.add(new JobClient.JobRequest(item.type(), item.payload(), item.options(caller.name())));
		}
		List<Submission> submissions;
		try {
			submissions = client.submitAll(requests);
		}
		catch (IdempotencyConflictException ex) {
			throw SubmissionChecks.keyConflict(entries, ex);
		}
		List<BulkSubmitRequest.Submitted> answer = new ArrayList<>(submissions.size());
		boolean created = false;
		for (int i = 0; i < submissions.size(); i++) {
			Submission submission = submissions.get(i);
			created |= submission.created();
			JobView job = submissionLog.submitted(items.get(i), submission.job(), null);
			answer.add(new BulkSubmitRequest.Submitted(job.id().toString(), job.type(), job.status().name(),
					!submission.created(), "/api/jobs/" + job.id()));
		}
		return ResponseEntity.status(created ? HttpStatus.CREATED : HttpStatus.OK)
			.body(new BulkSubmitRequest.Response(answer));
	}

	@GetMapping("/{id}")
	@Operation(summary = "A job's status, progress, result and last error",
			description = "Poll this after a submission (its Location header). Someone else's job answers 404, "
					+ "exactly like a job that does not exist.")
	JobResponse get(@PathVariable UUID id, HttpServletRequest http) {
		return JobResponse.of(access.requireVisible(id, http));
	}

	@GetMapping
	@Operation(summary = "List jobs, newest first",
			description = "Filters are optional; size is clamped to the configured maximum (default 200).")
	JobListResponse list(@RequestParam(required = false) String type, @RequestParam(required = false) JobStatus status,
			@RequestParam(required = false) String createdBy,
			@Parameter(description = "Created at or after (ISO-8601)") @RequestParam(
					required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from,
			@Parameter(description = "Created before (ISO-8601)") @RequestParam(
					required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant to,
			@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size,
			HttpServletRequest http) {
		Caller caller = caller(http);
		String submitter = caller.seesAll() ? createdBy : caller.name(); // others see only their own jobs
		if (page < 0) {
			throw new InvalidRequestException("page", "must be 0 or more");
		}
		if (size < 1) {
			throw new InvalidRequestException("size", "must be 1 or more");
		}
		int clamped = Math.min(size, maxPageSize);
		JobQueries.JobPage result = queries.list(new JobFilter(type, status, submitter, from, to), page, clamped);
		return new JobListResponse(result.items().stream().map(JobResponse::of).toList(), result.page(),
				result.size(), result.total());
	}

	@PostMapping("/{id}/cancel")
	@OperationLog(action = "JOB_CANCEL", target = "#id",
			success = "cancelled #{#result.job.type} job #{#id}: now #{#result.job.status}",
			fail = "could not cancel job #{#id}: #{#errorMessage}")
	@Operation(summary = "Cancel a job",
			description = "A waiting job is cancelled at once; a running job is asked to stop (cancelRequested) "
					+ "and becomes CANCELLED when its handler stops. 409 if it already succeeded or failed.")
	JobResponse cancel(@PathVariable UUID id, HttpServletRequest http) {
		access.requireMayChange(id, http);
		return JobResponse.of(client.cancel(id));
	}

	@PostMapping("/{id}/retry")
	@OperationLog(action = "JOB_RETRY", target = "#id",
			success = "retried #{#result.job.type} job #{#id} as attempt #{#result.job.attempt + 1}",
			fail = "could not retry job #{#id}: #{#errorMessage}")
	@Operation(summary = "Retry a FAILED or CANCELLED job as a new attempt", description = "409 in any other state.")
	JobResponse retry(@PathVariable UUID id, HttpServletRequest http) {
		// A retry revives a job: the caller must still be allowed to submit its type today.
		access.requireMaySubmit(access.requireMayChange(id, http).type(), http);
		return JobResponse.of(client.retry(id));
	}

	@GetMapping("/{id}/attempts")
	@Operation(summary = "A job's attempt history",
			description = "Each attempt's worker, times, outcome and error message; the stack trace for "
					+ "administrators and readers only.")
	List<JobAttemptView> attempts(@PathVariable UUID id, HttpServletRequest http) {
		access.requireVisible(id, http);
		List<JobAttemptView> attempts = queries.attempts(id);
		if (access.seesAll(http)) {
			return attempts;
		}
		// A stack trace shows the platform's insides (classes, libraries, SQL); the job's owner gets the message.
		return attempts.stream()
			.map(a -> new JobAttemptView(a.attempt(), a.workerId(), a.startedAt(), a.finishedAt(), a.outcome(),
					a.error(), null))
			.toList();
	}

	/** A job waits only for jobs its submitter may see: any other is refused as unknown, as the engine refuses one. */
	private void requireVisibleDependencies(List<UUID> dependsOn, HttpServletRequest http) {
		for (int i = 0; i < dependsOn.size(); i++) {
			UUID id = dependsOn.get(i);
			if (id == null) {
				throw new InvalidRequestException("dependsOn[" + i + "]", "must be a job's id");
			}
			if (!access.isVisible(id, http)) {
				throw new InvalidWorkflowException("dependsOn[" + i + "]",
						SubmissionChecks.UNKNOWN_DEPENDENCY + ": " + id);
			}
		}
	}

	private Caller caller(HttpServletRequest http) {
		return access.caller(http);
	}

	/** A page of jobs. */
	record JobListResponse(List<JobResponse> items, int page, int size, long total) {
	}

}
