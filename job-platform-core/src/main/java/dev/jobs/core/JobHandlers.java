package dev.jobs.core;

import java.time.Duration;

/**
 * Builds a {@link JobHandler} from a lambda, with the type's settings in code:
 *
 * <pre>{@code
 * @Bean
 * JobHandler<DepartmentReportPayload> departmentReport(DepartmentReports reports) {
 *     return JobHandlers.define(DepartmentReport.TYPE)
 *         .maxAttempts(3)
 *         .backoff(Duration.ofSeconds(10), 2.0, Duration.ofMinutes(5))
 *         .timeout(Duration.ofMinutes(2))
 *         .concurrency(2)
 *         .handle((payload, context) -> context.setResult(reports.write(payload, context)));
 * }
 * }</pre>
 *
 * {@code jobs.types.<TYPE>.*} still overrides every setting made here.
 */
public final class JobHandlers {

	private JobHandlers() {
	}

	/** Starts a handler of {@code type}. */
	public static <P> Builder<P> define(JobType<P> type) {
		return new Builder<>(type);
	}

	/** The work of one attempt, as a lambda. */
	@FunctionalInterface
	public interface Work<P> {

		/** Runs one attempt; throwing fails it (see {@link JobHandler#handle}). */
		void run(P payload, JobContext context) throws Exception;

	}

	/** Settings of a handler being defined; {@link #handle} finishes it. */
	public static final class Builder<P> {

		private final JobType<P> type;

		private Integer concurrency;

		private Integer maxAttempts;

		private Duration timeout;

		private Duration backoffInitial;

		private Double backoffMultiplier;

		private Duration backoffMax;

		private Builder(JobType<P> type) {
			if (type == null) {
				throw new IllegalArgumentException("A handler needs its JobType (name and payload class)");
			}
			this.type = type;
		}

		/** Attempts run in parallel per instance (at least 1). */
		public Builder<P> concurrency(int value) {
			this.concurrency = value;
			return this;
		}

		/** Attempts before the job fails for good (at least 1). */
		public Builder<P> maxAttempts(int value) {
			this.maxAttempts = value;
			return this;
		}

		/** How long one attempt may run before it is asked to stop. */
		public Builder<P> timeout(Duration value) {
			this.timeout = value;
			return this;
		}

		/** Exponential backoff between attempts: first delay, growth factor, longest delay. */
		public Builder<P> backoff(Duration initial, double multiplier, Duration max) {
			this.backoffInitial = initial;
			this.backoffMultiplier = multiplier;
			this.backoffMax = max;
			return this;
		}

		/** The finished handler, running {@code work} for each attempt. */
		public JobHandler<P> handle(Work<P> work) {
			if (work == null) {
				throw new IllegalArgumentException("Job type " + type.name() + " needs the work to run");
			}
			JobSettings settings = new JobSettings(concurrency, maxAttempts, timeout, backoffInitial, backoffMultiplier,
					backoffMax);
			return new LambdaHandler<>(type, settings, work);
		}

	}

	private record LambdaHandler<P>(JobType<P> jobType, JobSettings settings, Work<P> work) implements JobHandler<P> {

		@Override
		public String type() {
			return jobType.name();
		}

		@Override
		public Class<P> payloadType() {
			return jobType.payloadType();
		}

		@Override
		public void handle(P payload, JobContext context) throws Exception {
			work.run(payload, context);
		}

		@Override
		public String toString() {
			return "JobHandler[" + jobType.name() + "]";
		}

	}

}
