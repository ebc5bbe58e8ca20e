package dev.jobs.core.job;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

import dev.jobs.core.JobStatus;

import static dev.jobs.core.JobStatus.AWAITING;
import static dev.jobs.core.JobStatus.CANCELLED;
import static dev.jobs.core.JobStatus.FAILED;
import static dev.jobs.core.JobStatus.PENDING;
import static dev.jobs.core.JobStatus.QUEUED;
import static dev.jobs.core.JobStatus.RETRY_WAIT;
import static dev.jobs.core.JobStatus.RUNNING;
import static dev.jobs.core.JobStatus.SUCCEEDED;

/**
 * The table of a job's statuses and the legal moves between them, and nothing else.
 *
 * <p>The job tables' statements ({@link JobStore}) apply each move as one conditional {@code UPDATE} whose guard comes from
 * here ({@link Transition#guard()}), so the SQL can never allow a move this table does not list.
 * Status sets that queries need (waiting, active, finished) are defined here too, so no status
 * literal is typed by hand anywhere else.
 */
public final class JobStateMachine {

	/** Jobs waiting for a worker: they have, or will get, a message. */
	public static final Set<JobStatus> WAITING = EnumSet.of(PENDING, QUEUED, RETRY_WAIT);

	/** Jobs that count against a submitter's active limit (a job waiting for others is work asked for, too). */
	public static final Set<JobStatus> ACTIVE = EnumSet.of(AWAITING, PENDING, QUEUED, RUNNING, RETRY_WAIT);

	/** Jobs waiting for a message none of which the broker confirmed yet: the outbox. */
	public static final Set<JobStatus> UNDISPATCHED = EnumSet.of(PENDING, RETRY_WAIT);

	/**
	 * Jobs whose latest attempt failed and that count in its failure group ({@code FailureGroups}): failed for good
	 * (parked), or failed and waiting for another attempt. Any move out of these leaves the group.
	 */
	public static final Set<JobStatus> FAILURE_GROUPED = EnumSet.of(FAILED, RETRY_WAIT);

	/** Jobs that ended. */
	public static final Set<JobStatus> FINISHED = EnumSet.of(SUCCEEDED, FAILED, CANCELLED);

	private JobStateMachine() {
	}

	/** The legal moves. Everything not listed here is refused. */
	public enum Transition {

		/**
		 * What a job waited for has come (its dependencies succeeded, its batch reached the callback's condition):
		 * it gets its message like a new job.
		 */
		RELEASE(PENDING, AWAITING),
		/**
		 * A job the platform cancelled because of another (a dependency that failed, a batch that ended otherwise
		 * or was cancelled) waits again: that other job was retried.
		 */
		REAWAIT(AWAITING, CANCELLED),
		/** The broker confirmed the job's first message. */
		CONFIRM(QUEUED, PENDING),
		/** A message came before the job's time: the job waits for the relay again. */
		REQUEUE(PENDING, QUEUED),
		/** A worker takes the job; the attempt count goes up by one. */
		CLAIM(RUNNING, PENDING, QUEUED, RETRY_WAIT),
		SUCCEED(SUCCEEDED, RUNNING),
		/** The attempt failed (or its worker vanished) and attempts remain. */
		SCHEDULE_RETRY(RETRY_WAIT, RUNNING),
		/** The attempt failed and no attempt remains, or the error is not retryable. */
		FAIL(FAILED, RUNNING),
		/** A waiting job can never be delivered: no instance runs its type any more. */
		FAIL_UNDELIVERABLE(FAILED, PENDING, QUEUED, RETRY_WAIT),
		/** A waiting job is cancelled at once (by a person, or because what it waits for can no longer come). */
		CANCEL(CANCELLED, AWAITING, PENDING, QUEUED, RETRY_WAIT),
		/** A running job whose cancellation was requested has stopped. */
		STOP_CANCELLED(CANCELLED, RUNNING),
		/** The instance shut down before the attempt ended; the job goes back to the outbox. */
		HAND_BACK(PENDING, RUNNING),
		/** A person asks for a new attempt of a failed or cancelled job. */
		RETRY(PENDING, FAILED, CANCELLED);

		private final JobStatus to;

		private final Set<JobStatus> from;

		Transition(JobStatus to, JobStatus... from) {
			this.to = to;
			this.from = EnumSet.copyOf(Arrays.asList(from));
		}

		public JobStatus to() {
			return to;
		}

		public Set<JobStatus> from() {
			return from;
		}

		/** The SQL guard of this transition, e.g. {@code status in ('PENDING','QUEUED')}. */
		String guard() {
			return in(from);
		}

	}

	/** Whether some transition moves a job from one status to another. */
	public static boolean isLegal(JobStatus from, JobStatus to) {
		return Arrays.stream(Transition.values()).anyMatch(t -> t.to == to && t.from.contains(from));
	}

	/** {@code status in ('A','B')} for a set of statuses: the only way SQL names statuses. */
	static String in(Set<JobStatus> statuses) {
		return statuses.stream().map(s -> "'" + s.name() + "'").collect(Collectors.joining(",", "status in (", ")"));
	}

	/** {@code 'NAME'}: one status as an SQL literal. */
	static String literal(JobStatus status) {
		return "'" + status.name() + "'";
	}

}
