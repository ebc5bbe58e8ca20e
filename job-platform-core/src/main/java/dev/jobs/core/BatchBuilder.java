package dev.jobs.core;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Builds and submits a batch, all or none, in the caller's transaction when there is one:
 *
 * <pre>{@code
 * BatchSubmission batch = jobClient.batch()
 *     .description("Export every department")
 *     .createdBy("alice")
 *     .add(EMPLOYEE_EXPORT, new ExportPayload("Sales"))
 *     .add(EMPLOYEE_EXPORT, new ExportPayload("Finance"))
 *     .onSuccess(PACK_EXPORTS, new PackPayload())
 *     .submit();
 * }</pre>
 */
public final class BatchBuilder {

	private final JobClient client;

	private String description;

	private String createdBy;

	private boolean sealed;

	private final List<JobClient.JobRequest> members = new ArrayList<>();

	private final Map<BatchCallback, JobClient.JobRequest> callbacks = new EnumMap<>(BatchCallback.class);

	BatchBuilder(JobClient client) {
		this.client = client;
	}

	public BatchBuilder description(String value) {
		this.description = value;
		return this;
	}

	/** Who submits the batch; members and callbacks without a submitter of their own are submitted by this user. */
	public BatchBuilder createdBy(String value) {
		this.createdBy = value;
		return this;
	}

	/** Refuses members added by members while they run ({@link JobContext#addToBatch}). */
	public BatchBuilder sealed() {
		this.sealed = true;
		return this;
	}

	public BatchBuilder add(String type, Object payload, SubmitOptions options) {
		members.add(new JobClient.JobRequest(type, payload, options));
		return this;
	}

	public BatchBuilder add(String type, Object payload) {
		return add(type, payload, SubmitOptions.defaults());
	}

	/** Typed: compiles only with the type's payload class. */
	public <P> BatchBuilder add(JobType<P> type, P payload) {
		return add(type.name(), payload, SubmitOptions.defaults());
	}

	public BatchBuilder addAll(List<JobClient.JobRequest> requests) {
		members.addAll(requests);
		return this;
	}

	/** The job released once every member succeeded. */
	public BatchBuilder onSuccess(String type, Object payload, SubmitOptions options) {
		return callback(BatchCallback.ON_SUCCESS, type, payload, options);
	}

	public <P> BatchBuilder onSuccess(JobType<P> type, P payload) {
		return callback(BatchCallback.ON_SUCCESS, type.name(), payload, SubmitOptions.defaults());
	}

	/** The job released once every member ended, whatever the outcome. */
	public BatchBuilder onComplete(String type, Object payload, SubmitOptions options) {
		return callback(BatchCallback.ON_COMPLETE, type, payload, options);
	}

	public <P> BatchBuilder onComplete(JobType<P> type, P payload) {
		return callback(BatchCallback.ON_COMPLETE, type.name(), payload, SubmitOptions.defaults());
	}

	/** The job released when the first member fails for good. */
	public BatchBuilder onFailure(String type, Object payload, SubmitOptions options) {
		return callback(BatchCallback.ON_FAILURE, type, payload, options);
	}

	public <P> BatchBuilder onFailure(JobType<P> type, P payload) {
		return callback(BatchCallback.ON_FAILURE, type.name(), payload, SubmitOptions.defaults());
	}

	public BatchBuilder callback(BatchCallback kind, String type, Object payload, SubmitOptions options) {
		callbacks.put(kind, new JobClient.JobRequest(type, payload, options));
		return this;
	}

	public BatchRequest build() {
		return new BatchRequest(description, createdBy, sealed, members, callbacks);
	}

	/** Submits the batch: see {@link JobClient#submitBatch}. */
	public BatchSubmission submit() {
		return client.submitBatch(build());
	}

}
