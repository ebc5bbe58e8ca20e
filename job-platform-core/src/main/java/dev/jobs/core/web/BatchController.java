package dev.jobs.core.web;

import java.net.URI;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import dev.jobs.core.BatchCallback;
import dev.jobs.core.BatchNotFoundException;
import dev.jobs.core.BatchRequest;
import dev.jobs.core.BatchStatus;
import dev.jobs.core.BatchSubmission;
import dev.jobs.core.BatchView;
import dev.jobs.core.Batches;
import dev.jobs.core.IdempotencyConflictException;
import dev.jobs.core.InvalidJobPayloadException;
import dev.jobs.core.InvalidJobPayloadException.FieldError;
import dev.jobs.core.InvalidWorkflowException;
import dev.jobs.core.JobClient;
import dev.jobs.core.JobClient.Submission;
import dev.jobs.core.JobStatus;
import dev.jobs.core.JobView;
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
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Batches over HTTP: submit one (members and callbacks, all or none), follow its counts and callbacks, list its
 * members, cancel it, retry its failed members, seal it. Ownership as for jobs: a batch belongs to its submitter,
 * someone else's batch answers 404 exactly like one that does not exist, readers (auditors) read every batch and
 * change none, administrators act on all.
 */
@RestController
@RequestMapping("/api/batches")
@Tag(name = "Batches", description = "Submit jobs as one batch with callbacks; follow, cancel, retry and seal it")
class BatchController {

	private final JobClient client;

	private final Batches batches;

	private final JobAccess access;

	private final SubmissionChecks checks;

	private final SubmissionLog submissionLog;

	private final int maxPageSize;

	BatchController(JobClient client, Batches batches, JobAccess access, SubmissionChecks checks,
			SubmissionLog submissionLog, int maxPageSize) {
		this.client = client;
		this.batches = batches;
		this.access = access;
		this.checks = checks;
		this.submissionLog = submissionLog;
		this.maxPageSize = maxPageSize;
	}

	@PostMapping
	@OperationLog(action = "BATCH_CREATE", target = "#result?.body?.batch?.id",
			success = "created batch #{#result.body.batch.id} of #{#request.members.size()} job(s)"
					+ "#{#request.callbacks == null || #request.callbacks.isEmpty() ? '' : ' with callbacks ' "
					+ "+ #request.callbacks.keySet().toString()}",
			fail = "could not create a batch of #{#request?.members?.size() ?: 0} job(s): #{#errorMessage}")
	@Operation(operationId = "submitBatch", summary = "Submit a batch: up to 1,000 jobs, all or none, with callbacks",
			description = "Each member and callback follows POST /api/jobs's rules: its type's submit roles, the "
					+ "submitter's active-job limits, the payload checks; each member gets the operation-log entry "
					+ "of a submission, the batch one of its own. Members and callbacks are stored in one "
					+ "transaction: if one is refused, nothing is written, and the problem names every refused "
					+ "field (members[i].payload.x, callbacks.onSuccess.type). A callback waits (AWAITING) until the "
					+ "batch reaches its condition and is released once. The body stays within "
					+ "jobs.api.max-request-size (413 beyond).")
	@ApiResponse(responseCode = "201", description = "Stored: the batch and its members' jobs in the request's order",
			content = @Content(mediaType = "application/json",
					schema = @Schema(implementation = BatchResponse.Submitted.class)))
	@ApiResponse(responseCode = "400", description = "Fields refused (every one named), or not 1 to 1000 members; "
			+ "nothing was written", content = @Content(mediaType = "application/problem+json"))
	@ApiResponse(responseCode = "401", description = "No credentials",
			content = @Content(mediaType = "application/problem+json"))
	@ApiResponse(responseCode = "403", description = "The caller's roles may not submit some members' or callbacks' "
			+ "types (named); nothing was written", content = @Content(mediaType = "application/problem+json"))
	@ApiResponse(responseCode = "413", description = "The body is over jobs.api.max-request-size",
			content = @Content(mediaType = "application/problem+json"))
	@ApiResponse(responseCode = "422", description = "An idempotency key reused for another type or payload (the "
			+ "member named); nothing was written", content = @Content(mediaType = "application/problem+json"))
	@ApiResponse(responseCode = "429", description = "The jobs would take the caller over a type's active-job limit; "
			+ "nothing was written", content = @Content(mediaType = "application/problem+json"))
	ResponseEntity<BatchResponse.Submitted> submit(@RequestBody BatchSubmitRequest request, HttpServletRequest http) {
		Caller caller = access.caller(http); // who asks comes first: an anonymous caller learns nothing about the body
		checks.validate(request);
		List<BulkSubmitRequest.Item> members = request.members();
		try {
			return submit(request, caller, http);
		}
		catch (RuntimeException refused) {
			// All or none: every member of a refused batch gets the failure entry a single submission would.
			for (BulkSubmitRequest.Item member : members) {
				try {
					submissionLog.submitted(member, null, refused);
				}
				catch (RuntimeException expected) {
					// the refusal itself, thrown back by the log's method
				}
			}
			throw refused;
		}
	}

	private ResponseEntity<BatchResponse.Submitted> submit(BatchSubmitRequest request, Caller caller,
			HttpServletRequest http) {
		List<BulkSubmitRequest.Item> members = request.members();
		Map<BatchCallback, BatchSubmitRequest.Callback> callbacks = callbacks(request);
		List<SubmissionChecks.Entry> entries = new ArrayList<>(members.size() + callbacks.size());
		for (int i = 0; i < members.size(); i++) {
			entries.add(members.get(i).entry("members[" + i + "]"));
		}
		callbacks.forEach((kind, callback) -> entries
			.add(callback.entry("callbacks." + BatchSubmitRequest.nameOf(kind))));
		checks.check(entries, http);

		List<JobClient.JobRequest> jobs = new ArrayList<>(members.size());
		for (BulkSubmitRequest.Item member : members) {
			jobs.add(new JobClient.JobRequest(member.type(), member.payload(), member.options(caller.name())));
		}
		Map<BatchCallback, JobClient.JobRequest> callbackJobs = new EnumMap<>(BatchCallback.class);
		callbacks.forEach((kind, callback) -> callbackJobs.put(kind,
				new JobClient.JobRequest(callback.type(), callback.payload(), callback.options(caller.name()))));
		BatchSubmission submission;
		try {
			submission = client.submitBatch(new BatchRequest(request.description(), caller.name(),
					Boolean.TRUE.equals(request.sealed()), jobs, callbackJobs));
		}
		catch (IdempotencyConflictException ex) {
			throw SubmissionChecks.keyConflict(entries, ex);
		}
		catch (InvalidJobPayloadException ex) {
			throw SubmissionChecks.renamed(ex, BatchController::requestName);
		}
		catch (InvalidWorkflowException ex) {
			throw SubmissionChecks.renamed(ex, BatchController::requestName);
		}

		List<BulkSubmitRequest.Submitted> answer = new ArrayList<>(members.size());
		for (int i = 0; i < submission.members().size(); i++) {
			Submission member = submission.members().get(i);
			JobView job = submissionLog.submitted(members.get(i), member.job(), null);
			answer.add(new BulkSubmitRequest.Submitted(job.id().toString(), job.type(), job.status().name(),
					!member.created(), "/api/jobs/" + job.id()));
		}
		BatchView batch = batches.find(submission.id()).orElseThrow(() -> new BatchNotFoundException(submission.id()));
		return ResponseEntity.status(HttpStatus.CREATED)
			.location(URI.create("/api/batches/" + submission.id()))
			.body(new BatchResponse.Submitted(BatchResponse.of(batch), answer));
	}

	/** The request's callbacks by kind; a key that names no kind is refused rather than silently dropped. */
	private static Map<BatchCallback, BatchSubmitRequest.Callback> callbacks(BatchSubmitRequest request) {
		Map<BatchCallback, BatchSubmitRequest.Callback> callbacks = new EnumMap<>(BatchCallback.class);
		if (request.callbacks() == null) {
			return callbacks;
		}
		List<FieldError> errors = new ArrayList<>();
		request.callbacks().forEach((name, callback) -> {
			BatchCallback kind = BatchSubmitRequest.kindOf(name);
			if (kind == null) {
				errors.add(new FieldError("callbacks." + name, "is not a callback: use onSuccess, onComplete or "
						+ "onFailure"));
			}
			else {
				callbacks.put(kind, callback);
			}
		});
		if (!errors.isEmpty()) {
			throw new InvalidItemsException(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request",
					"The request has invalid fields: " + errors, errors);
		}
		return callbacks;
	}

	/**
	 * A field as the engine names it ({@code members[3].payload.x}, {@code callbacks.ON_SUCCESS.type}) as the
	 * request names it ({@code callbacks.onSuccess.type}).
	 */
	static String requestName(String field) {
		for (BatchCallback kind : BatchCallback.values()) {
			for (String engine : List.of("callbacks." + kind.name(), "callbacks[" + kind.name() + "]")) {
				if (field.equals(engine) || field.startsWith(engine + ".")) {
					return "callbacks." + BatchSubmitRequest.nameOf(kind) + field.substring(engine.length());
				}
			}
		}
		return field;
	}

	@GetMapping("/{id}")
	@Operation(operationId = "getBatch", summary = "A batch's counts, progress, status and callbacks",
			description = "Counts per status of its members, the share that ended, and each callback's job with its "
					+ "status (AWAITING until it fires). Someone else's batch answers 404, exactly like a batch that "
					+ "does not exist.")
	BatchResponse get(@PathVariable UUID id, HttpServletRequest http) {
		return BatchResponse.of(requireVisible(id, http));
	}

	@GetMapping
	@Operation(operationId = "listBatches", summary = "List batches, newest first",
			description = "Filters are optional; size is clamped to the configured maximum (default 200). Others "
					+ "than administrators and readers see only their own batches, whatever createdBy says.")
	BatchResponse.Page list(@RequestParam(required = false) BatchStatus status,
			@RequestParam(required = false) String createdBy, @RequestParam(defaultValue = "0") int page,
			@RequestParam(defaultValue = "20") int size, HttpServletRequest http) {
		Caller caller = access.caller(http);
		String submitter = caller.seesAll() ? blankToNull(createdBy) : caller.name();
		int clamped = pageSize(page, size);
		Batches.Page<BatchView> result = batches.list(status, submitter, page, clamped);
		return new BatchResponse.Page(result.items().stream().map(BatchResponse::of).toList(), result.page(),
				result.size(), result.total());
	}

	@GetMapping("/{id}/members")
	@Operation(operationId = "listBatchMembers", summary = "A batch's members, oldest first",
			description = "Optionally of one status (e.g. FAILED); size is clamped to the configured maximum.")
	JobController.JobListResponse members(@PathVariable UUID id, @RequestParam(required = false) JobStatus status,
			@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size,
			HttpServletRequest http) {
		requireVisible(id, http);
		int clamped = pageSize(page, size);
		Batches.Page<JobView> result = batches.members(id, status, page, clamped);
		return new JobController.JobListResponse(result.items().stream().map(JobResponse::of).toList(),
				result.page(), result.size(), result.total());
	}

	@PostMapping("/{id}/cancel")
	@OperationLog(action = "BATCH_CANCEL", target = "#id",
			success = "cancelled batch #{#id}: now #{#result.status}, #{#result.cancelled} of #{#result.total} "
					+ "member(s) cancelled",
			fail = "could not cancel batch #{#id}: #{#errorMessage}")
	@Operation(operationId = "cancelBatch", summary = "Cancel a batch",
			description = "Its waiting members are cancelled at once, running ones are asked to stop, and callbacks "
					+ "that have not fired are cancelled. Cancelling a cancelled batch changes nothing.")
	BatchResponse cancel(@PathVariable UUID id, HttpServletRequest http) {
		requireMayChange(id, http);
		return BatchResponse.of(batches.cancel(id));
	}

	@PostMapping("/{id}/retry-failed")
	@OperationLog(action = "BATCH_RETRY_FAILED", target = "#id",
			success = "retried #{#result.retried} failed or cancelled member(s) of batch #{#id}",
			fail = "could not retry the failed members of batch #{#id}: #{#errorMessage}")
	@Operation(operationId = "retryFailedBatchMembers", summary = "Retry a batch's failed and cancelled members",
			description = "Each gets a new attempt and the batch runs again; callbacks the platform cancelled because "
					+ "of how the batch had ended are armed again (one that fired never fires twice). The caller "
					+ "must still be allowed to submit the retried members' types.")
	BatchResponse.Retried retryFailed(@PathVariable UUID id, HttpServletRequest http) {
		requireMayChange(id, http);
		// A retry revives jobs: the caller must still be allowed to submit their types today, as for one job.
		for (String type : batches.retryableTypes(id)) {
			access.requireMaySubmit(type, http);
		}
		Batches.Retried retried = batches.retryFailed(id);
		return new BatchResponse.Retried(retried.retried(), BatchResponse.of(retried.batch()));
	}

	@PostMapping("/{id}/seal")
	@OperationLog(action = "BATCH_SEAL", target = "#id", success = "sealed batch #{#id} at #{#result.total} member(s)",
			fail = "could not seal batch #{#id}: #{#errorMessage}")
	@Operation(operationId = "sealBatch", summary = "Seal a batch",
			description = "Members may no longer add members while they run (their addition fails with the reason). "
					+ "Sealing a sealed batch changes nothing.")
	BatchResponse seal(@PathVariable UUID id, HttpServletRequest http) {
		requireMayChange(id, http);
		return BatchResponse.of(batches.seal(id));
	}

	/** The batch, if the caller may see it; otherwise the 404 of a batch that does not exist. */
	private BatchView requireVisible(UUID id, HttpServletRequest http) {
		access.caller(http); // who asks comes first: an anonymous caller learns nothing, not even a 404
		return batches.find(id)
			.filter(batch -> access.maySeeBatch(batch.createdBy(), http))
			.orElseThrow(() -> new BatchNotFoundException(id));
	}

	private BatchView requireMayChange(UUID id, HttpServletRequest http) {
		BatchView batch = requireVisible(id, http);
		access.requireMayChange(http);
		return batch;
	}

	private int pageSize(int page, int size) {
		if (page < 0) {
			throw new InvalidRequestException("page", "must be 0 or more");
		}
		if (size < 1) {
			throw new InvalidRequestException("size", "must be 1 or more");
		}
		return Math.min(size, maxPageSize);
	}

	private static String blankToNull(String value) {
		return (value == null || value.isBlank()) ? null : value.strip();
	}

}
