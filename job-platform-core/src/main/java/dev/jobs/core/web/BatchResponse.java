package dev.jobs.core.web;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.jobs.core.BatchCallback;
import dev.jobs.core.BatchStatus;
import dev.jobs.core.BatchView;
import dev.jobs.core.JobStatus;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;

/** A batch as the REST API shows it: its counts, progress, callbacks and links to what one can do next. */
@Schema(name = "Batch", description = "A batch: its members' counts per status, its progress and its callbacks")
record BatchResponse(@Schema(description = "The batch's id", format = "uuid",
		requiredMode = Schema.RequiredMode.REQUIRED) String id,
		@Schema(description = "The submitter's description, or null") String description,
		@Schema(description = "Who submitted it", requiredMode = Schema.RequiredMode.REQUIRED) String createdBy,
		@Schema(description = "RUNNING until every member ended; then SUCCEEDED or FAILED; CANCELLED once cancelled",
				requiredMode = Schema.RequiredMode.REQUIRED) BatchStatus status,
		@Schema(description = "Whether members may no longer add members",
				requiredMode = Schema.RequiredMode.REQUIRED) boolean sealed,
		@Schema(description = "Members, including those added by members",
				requiredMode = Schema.RequiredMode.REQUIRED) long total,
		@Schema(description = "Members that have not started (awaiting, pending, queued, waiting for a retry)",
				requiredMode = Schema.RequiredMode.REQUIRED) long waiting,
		@Schema(description = "Members running now", requiredMode = Schema.RequiredMode.REQUIRED) long running,
		@Schema(description = "Members that succeeded", requiredMode = Schema.RequiredMode.REQUIRED) long succeeded,
		@Schema(description = "Members that failed for good", requiredMode = Schema.RequiredMode.REQUIRED) long failed,
		@Schema(description = "Members that were cancelled",
				requiredMode = Schema.RequiredMode.REQUIRED) long cancelled,
		@Schema(description = "Members that ended: succeeded, failed or cancelled",
				requiredMode = Schema.RequiredMode.REQUIRED) long ended,
		@Schema(description = "The share of members that ended, from 0 to 1", example = "0.5",
				requiredMode = Schema.RequiredMode.REQUIRED) double progress,
		@Schema(description = "When it was submitted", requiredMode = Schema.RequiredMode.REQUIRED) Instant createdAt,
		@Schema(description = "When every member had ended (cleared when a retry reopens the batch)") Instant completedAt,
		@Schema(description = "When it was cancelled") Instant cancelledAt,
		@Schema(description = "Its callback jobs by kind", requiredMode = Schema.RequiredMode.REQUIRED) Callbacks callbacks,
		@Schema(description = "What one can do next: self, members, cancel, retryFailed, seal",
				requiredMode = Schema.RequiredMode.REQUIRED) Map<String, String> links) {

	static BatchResponse of(BatchView batch) {
		String self = "/api/batches/" + batch.id();
		Map<String, String> links = new LinkedHashMap<>();
		links.put("self", self);
		links.put("members", self + "/members");
		if (batch.status() != BatchStatus.CANCELLED) {
			links.put("cancel", self + "/cancel");
		}
		if (batch.failed() + batch.cancelled() > 0) {
			links.put("retryFailed", self + "/retry-failed");
		}
		if (!batch.sealed() && batch.status() == BatchStatus.RUNNING) {
			links.put("seal", self + "/seal");
		}
		return new BatchResponse(batch.id().toString(), batch.description(), batch.createdBy(), batch.status(),
				batch.sealed(), batch.total(), batch.waiting(), batch.running(), batch.succeeded(), batch.failed(),
				batch.cancelled(), batch.ended(), batch.progress(), batch.createdAt(), batch.completedAt(),
				batch.cancelledAt(), Callbacks.of(batch.callbacks()), links);
	}

	/** The callbacks by kind, each absent when the batch has none of that kind. */
	@Schema(name = "BatchCallbackJobs", description = "The batch's callback jobs by kind; a kind without one is absent")
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record Callbacks(@Schema(description = "Released once every member succeeded") CallbackJob onSuccess,
			@Schema(description = "Released once every member ended") CallbackJob onComplete,
			@Schema(description = "Released when the first member fails for good") CallbackJob onFailure) {

		static Callbacks of(List<BatchView.Callback> callbacks) {
			CallbackJob onSuccess = null;
			CallbackJob onComplete = null;
			CallbackJob onFailure = null;
			for (BatchView.Callback callback : callbacks) {
				CallbackJob job = new CallbackJob(callback.jobId().toString(), callback.type(), callback.status(),
						"/api/jobs/" + callback.jobId());
				if (callback.kind() == BatchCallback.ON_SUCCESS) {
					onSuccess = job;
				}
				else if (callback.kind() == BatchCallback.ON_COMPLETE) {
					onComplete = job;
				}
				else {
					onFailure = job;
				}
			}
			return new Callbacks(onSuccess, onComplete, onFailure);
		}

	}

	/** One callback's job and where it stands. */
	@Schema(name = "BatchCallbackJobStatus", description = "A callback's job: AWAITING until it fires")
	record CallbackJob(@Schema(description = "The job's id", format = "uuid",
			requiredMode = Schema.RequiredMode.REQUIRED) String id,
			@Schema(description = "Its type", requiredMode = Schema.RequiredMode.REQUIRED) String type,
			@Schema(description = "Its status: AWAITING until the batch reaches the callback's condition; CANCELLED "
					+ "when it never can", requiredMode = Schema.RequiredMode.REQUIRED) JobStatus status,
			@Schema(description = "Where to poll it", requiredMode = Schema.RequiredMode.REQUIRED) String self) {
	}

	/** A page of batches. */
	@Schema(name = "BatchPage", description = "A page of batches, newest first")
	record Page(@ArraySchema(schema = @Schema(implementation = BatchResponse.class),
			arraySchema = @Schema(description = "The batches of this page",
					requiredMode = Schema.RequiredMode.REQUIRED)) List<BatchResponse> items,
			@Schema(description = "The page, from 0", requiredMode = Schema.RequiredMode.REQUIRED) int page,
			@Schema(description = "The page's size", requiredMode = Schema.RequiredMode.REQUIRED) int size,
			@Schema(description = "Batches in all", requiredMode = Schema.RequiredMode.REQUIRED) long total) {
	}

	/** A new batch: the batch, and its members' jobs in the request's order. */
	@Schema(name = "BatchSubmitted", description = "The new batch, and its members' jobs in the request's order")
	record Submitted(@Schema(description = "The batch", requiredMode = Schema.RequiredMode.REQUIRED) BatchResponse batch,
			@ArraySchema(schema = @Schema(implementation = BulkSubmitRequest.Submitted.class),
					arraySchema = @Schema(description = "One entry per member of the request, in its order",
							requiredMode = Schema.RequiredMode.REQUIRED)) List<BulkSubmitRequest.Submitted> members) {
	}

	/** What a retry of failed members did. */
	@Schema(name = "BatchRetried", description = "The batch after a retry of its failed and cancelled members")
	record Retried(@Schema(description = "How many members were retried",
			requiredMode = Schema.RequiredMode.REQUIRED) int retried,
			@Schema(description = "The batch now", requiredMode = Schema.RequiredMode.REQUIRED) BatchResponse batch) {
	}

}
