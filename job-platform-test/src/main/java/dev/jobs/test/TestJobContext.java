package dev.jobs.test;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.BiConsumer;

import dev.jobs.core.JobContext;
import dev.jobs.core.JobHandler;
import dev.jobs.core.JobType;
import dev.jobs.core.SubmitOptions;

/**
 * A {@link JobContext} for running a handler directly in a unit test, without database or broker:
 * it records progress, the result and follow-up jobs, and lets the test ask for cancellation.
 *
 * <pre>{@code
 * TestJobContext context = TestJobContext.of(DepartmentReport.TYPE);
 * handler.handle(new DepartmentReportPayload("R&D"), context);
 * assertThat(context.result()).isEqualTo(...);
 * }</pre>
 *
 * Payloads are not validated here (the engine validates them before a handler runs); the follow-ups
 * are recorded as given, not submitted.
 */
public final class TestJobContext implements JobContext {

	/** A progress report as the handler made it. */
	public record Progress(long done, long total, String message) {
	}

	/** A follow-up job the handler asked for. */
	public record FollowUp(String type, Object payload, SubmitOptions options) {

		/** The payload as the type's class, for assertions. */
		public <P> P payload(JobType<P> expected) {
			if (!expected.name().equals(type)) {
				throw new AssertionError("Follow-up is of type " + type + ", not " + expected.name());
			}
			return expected.payloadType().cast(payload);
		}

	}

	private final String type;

	private UUID jobId = UUID.randomUUID();

	private int attempt = 1;

	private int maxAttempts = 1;

	private String createdBy = "test";

	private volatile boolean cancellationRequested;

	private BiConsumer<TestJobContext, Progress> onProgress = (context, progress) -> {
	};

	private final List<Progress> progress = new ArrayList<>();

	private final List<FollowUp> followUps = new ArrayList<>();

	private Object result;

	private TestJobContext(String type) {
		this.type = type;
	}

	/** A context for the first of one attempt of a job of {@code type}, submitted by {@code test}. */
	public static TestJobContext of(JobType<?> type) {
		return new TestJobContext(type.name());
	}

	/** As {@link #of(JobType)} for a type known only by name. */
	public static TestJobContext of(String type) {
		return new TestJobContext(type);
	}

	/** Runs one attempt of {@code handler} with a fresh context and returns the context to inspect. */
	public static <P> TestJobContext run(JobHandler<P> handler, P payload) throws Exception {
		TestJobContext context = new TestJobContext(handler.type());
		handler.handle(payload, context);
		return context;
	}

	public TestJobContext withJobId(UUID value) {
		this.jobId = value;
		return this;
	}

	/** This attempt's number and the job's budget, e.g. to test what a last attempt does. */
	public TestJobContext withAttempt(int value, int max) {
		this.attempt = value;
		this.maxAttempts = max;
		return this;
	}

	public TestJobContext withCreatedBy(String value) {
		this.createdBy = value;
		return this;
	}

	/** Called on every progress report, e.g. to request cancellation after the first batch. */
	public TestJobContext onProgress(BiConsumer<TestJobContext, Progress> listener) {
		this.onProgress = listener;
		return this;
	}

	/** From now on the handler sees {@link #isCancellationRequested()} true. */
	public void requestCancellation() {
		this.cancellationRequested = true;
	}

	@Override
	public UUID jobId() {
		return jobId;
	}

	@Override
	public String type() {
		return type;
	}

	@Override
	public int attempt() {
		return attempt;
	}

	@Override
	public int maxAttempts() {
		return maxAttempts;
	}

	@Override
	public String createdBy() {
		return createdBy;
	}

	@Override
	public void reportProgress(long done, long total, String message) {
		Progress reported = new Progress(done, total, message);
		progress.add(reported);
		onProgress.accept(this, reported);
	}

	@Override
	public boolean isCancellationRequested() {
		return cancellationRequested;
	}

	@Override
	public void setResult(Object value) {
		this.result = value;
	}

	@Override
	public void submitFollowUp(String followUpType, Object payload, SubmitOptions options) {
		followUps.add(new FollowUp(followUpType, payload, (options != null) ? options : SubmitOptions.defaults()));
	}

	/** The result the handler set last, or {@code null}. */
	public Object result() {
		return result;
	}

	/** The result as {@code type}, failing the test if it is something else. */
	public <R> R result(Class<R> resultType) {
		if (!resultType.isInstance(result)) {
			throw new AssertionError("Result is " + result + ", not a " + resultType.getName());
		}
		return resultType.cast(result);
	}

	public List<Progress> progress() {
		return List.copyOf(progress);
	}

	public List<FollowUp> followUps() {
		return List.copyOf(followUps);
	}

}
