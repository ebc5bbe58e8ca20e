package dev.jobs.core.web;

import dev.jobs.core.JobView;
import dev.jobs.core.operationlog.OperationLog;

/**
 * The operation-log entry of one job of a bulk submission, a batch's member or a workflow's step: the same action,
 * target and messages as {@code POST /api/jobs}'s, one entry per job rather than one for the request. A bean of its own so the
 * call goes through the {@code @OperationLog} advice (without the operation log's module it does nothing).
 */
class SubmissionLog {

	/**
	 * Records one job: a success returns the job, a failure (the whole request refused) throws it, so the
	 * entry is a failure carrying its message.
	 */
	@OperationLog(action = "JOB_SUBMIT", target = "#request.type",
			success = "submitted a #{#request.type} job, id #{#result.id}",
			fail = "could not submit a #{#request.type} job: #{#errorMessage}")
	JobView submitted(BulkSubmitRequest.Item request, JobView job, RuntimeException failure) {
		if (failure != null) {
			throw failure;
		}
		return job;
	}

	/** As {@link #submitted}, for a workflow's step: the entry of a submission of the step's job. */
	@OperationLog(action = "JOB_SUBMIT", target = "#step.type",
			success = "submitted a #{#step.type} job, id #{#result.id}",
			fail = "could not submit a #{#step.type} job: #{#errorMessage}")
	JobView submittedStep(WorkflowSubmitRequest.Step step, JobView job, RuntimeException failure) {
		if (failure != null) {
			throw failure;
		}
		return job;
	}

}
