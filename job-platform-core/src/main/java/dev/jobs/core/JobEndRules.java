package dev.jobs.core;

import java.util.EnumSet;
import java.util.Set;
import java.util.function.Function;

/**
 * Rules of the form "when a job of type X ends in state S, submit this", as {@link JobEndListener}
 * beans:
 *
 * <pre>{@code
 * @Bean
 * JobEndListener invoiceMailed() {
 *     return JobEndRules.when("INVOICE", JobStatus.SUCCEEDED)
 *         .submit("NOTIFICATION", job -> new NotificationPayload(...));
 * }
 * }</pre>
 *
 * The follow-up is created in the transaction that records the end, so it exists exactly when the job
 * ended that way, never twice.
 */
public final class JobEndRules {

	private JobEndRules() {
	}

	/** As {@link #when(String, JobStatus...)} for a typed {@link JobType}. */
	public static When when(JobType<?> type, JobStatus... statuses) {
		return when(type.name(), statuses);
	}

	/** Starts a rule for jobs of {@code type} that end in one of {@code statuses} (terminal ones only). */
	public static When when(String type, JobStatus... statuses) {
		Set<JobStatus> set = (statuses.length == 0) ? EnumSet.of(JobStatus.SUCCEEDED, JobStatus.FAILED,
				JobStatus.CANCELLED) : EnumSet.of(statuses[0], statuses);
		for (JobStatus status : set) {
			if (!status.isTerminal()) {
				throw new IllegalArgumentException(status + " is not an end: a rule fires on SUCCEEDED, FAILED or CANCELLED");
			}
		}
		return new When(type, set);
	}

	/** The condition of a rule. */
	public static final class When {

		private final String type;

		private final Set<JobStatus> statuses;

		private When(String type, Set<JobStatus> statuses) {
			this.type = type;
			this.statuses = statuses;
		}

		/** Submits a job of {@code followUpType} with the payload {@code payload} builds from the ended job. */
		public JobEndListener submit(String followUpType, Function<JobView, Object> payload) {
			return submit(followUpType, payload, job -> SubmitOptions.defaults());
		}

		/** Typed: the follow-up's payload must be {@code followUpType}'s payload class. */
		public <P> JobEndListener submit(JobType<P> followUpType, Function<JobView, P> payload,
				Function<JobView, SubmitOptions> options) {
			return submit(followUpType.name(), payload::apply, options);
		}

		/** As {@link #submit(String, Function, Function)} typed, with default options. */
		public <P> JobEndListener submit(JobType<P> followUpType, Function<JobView, P> payload) {
			return submit(followUpType, payload, job -> SubmitOptions.defaults());
		}

		/** As {@link #submit(String, Function)}, with options (e.g. who submits) built from the ended job. */
		public JobEndListener submit(String followUpType, Function<JobView, Object> payload,
				Function<JobView, SubmitOptions> options) {
			return new JobEndListener() {
				@Override
				public boolean isAbout(String endedType, JobStatus status) {
					return type.equals(endedType) && statuses.contains(status);
				}

				@Override
				public void onJobEnded(JobView job, FollowUps followUps) {
					followUps.submit(followUpType, payload.apply(job), options.apply(job));
				}
			};
		}

	}

}
