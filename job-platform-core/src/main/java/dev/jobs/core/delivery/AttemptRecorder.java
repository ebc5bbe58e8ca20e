package dev.jobs.core.delivery;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;

import dev.jobs.core.JobStatus;
import dev.jobs.core.NonRetryableJobException;
import dev.jobs.core.job.AttemptEnd;
import dev.jobs.core.job.FailurePolicy.Ending;
import dev.jobs.core.job.FailurePolicy;
import dev.jobs.core.job.JobMetrics;
import dev.jobs.core.job.JobStateMachine.Transition;
import dev.jobs.core.job.ClaimedJob;
import dev.jobs.core.job.JobEndings;
import dev.jobs.core.job.AttemptEnds;
import dev.jobs.core.job.EngineJobStore;
import dev.jobs.core.job.MessageDispatcher;
import dev.jobs.core.job.Payloads;
import dev.jobs.core.job.RegisteredJobType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.transaction.support.TransactionTemplate;

/**
 * Records how an attempt ended, on the engine's own connections: success with its result and
 * follow-up jobs in one transaction, or whatever {@link FailurePolicy} decides for a failure. An
 * error while recording a success (a result that does not serialise, a follow-up refused) is
 * recorded as the attempt's failure, never left as a {@code RUNNING} job without a lease.
 *
 * <p>Its decisions are static and unit-tested ({@code AttemptRecorderTest}): which {@link Ending} a
 * stopped handler's attempt has ({@link #endingOf}), what its error says ({@link #errorOf}), and
 * which ends need a transaction of their own ({@link #needsItsOwnTransaction}).
 */
final class AttemptRecorder {

	private static final Logger log = LoggerFactory.getLogger(AttemptRecorder.class);

	private final EngineJobStore store;

	private final TransactionTemplate transaction;

	private final EndingEffects effects;

	private final Payloads payloads;

	private final MessageDispatcher dispatcher;

	private final RetryDelays retryDelays;

	private final JobMetrics metrics;

	AttemptRecorder(EngineJobStore store, TransactionTemplate transaction, EndingEffects effects, Payloads payloads,
			MessageDispatcher dispatcher, RetryDelays retryDelays, JobMetrics metrics) {
		this.store = store;
		this.transaction = transaction;
		this.effects = effects;
		this.payloads = payloads;
		this.dispatcher = dispatcher;
		this.retryDelays = retryDelays;
		this.metrics = metrics;
	}

	/**
	 * Records the end of an attempt whose handler returned ({@code failure == null}) or threw.
	 * @return whether the attempt was still this worker's
	 */
	boolean record(RunningJob run, Throwable failure, Duration runTime) {
		if (failure == null) {
			try {
				return succeed(run, runTime);
			}
			catch (RuntimeException ex) {
				if (DatabaseRetry.isTransient(ex)) {
					throw ex;
				}
				log.error("Job {} ({}) attempt {}: the handler finished but its outcome could not be recorded: {}",
						run.jobId(), run.type(), run.attempt(), ex.getMessage());
				return fail(run, Ending.THREW, "The handler finished, but its outcome could not be recorded: "
						+ describe(ex), ex, runTime);
			}
		}
		Ending ending = endingOf(run.stopReason());
		String error = errorOf(ending, run.registeredType().settings().timeout(), failure);
		return fail(run, ending, error, failure, runTime);
	}

	/**
	 * Why the attempt of a handler that threw ended: the stop the platform asked for, if any. A
	 * handler that threw after its lease was lost is recorded as thrown: the fence refuses it anyway.
	 */
	static Ending endingOf(RunningJob.StopReason stop) {
		if (stop == null) {
			return Ending.THREW;
		}
		return switch (stop) {
			case SHUTDOWN -> Ending.SHUTDOWN;
			case CANCELLED -> Ending.CANCELLED;
			case TIMED_OUT -> Ending.TIMED_OUT;
			case LEASE_LOST -> Ending.THREW;
		};
	}

	/** What the attempt history says of an attempt that ended so: the stop, or the handler's exception. */
	static String errorOf(Ending ending, Duration timeout, Throwable failure) {
		return switch (ending) {
			case SHUTDOWN -> "The instance shut down before the attempt ended";
			case CANCELLED -> "Cancelled while running";
			case TIMED_OUT -> "Attempt exceeded the type's timeout of " + timeout;
			default -> describe(failure);
		};
	}

	/**
	 * Whether a decided end must be recorded in a transaction of its own, with the end listeners:
	 * when a listener is about the status it ends in, or, for a retry or hand-back that a cancel
	 * request arriving meanwhile turns into a cancellation ({@link FencedEnd}), about {@code CANCELLED}.
	 * Otherwise the fenced statement alone commits it.
	 */
	static boolean needsItsOwnTransaction(AttemptEnd decided, Predicate<JobStatus> listened) {
		boolean mayEndCancelled = FencedEnd.insteadOfRefused(decided).isPresent();
		return listened.test(decided.transition().to()) || (mayEndCancelled && listened.test(JobStatus.CANCELLED));
	}

	/**
	 * Whether this attempt's success can be recorded together with others in one statement: it
	 * submits no follow-up jobs and no end listener is about its type's success (those need the
	 * success's own transaction). Jobs others wait for (batch members, dependencies) can: what their
	 * ends set off is done for all of them together, in the statement's transaction.
	 */
	boolean batchable(RunningJob run) {
		return run.followUps().isEmpty() && !effects.anyListenerAbout(run.type(), JobStatus.SUCCEEDED);
	}

	/** A handler that returned, and how long it ran. */
	record Returned(RunningJob run, Duration runTime) {
	}

	/**
	 * Records the success of {@link #batchable} attempts in one statement, each fenced by its
	 * attempt. An attempt whose result does not serialise is recorded alone, as its failure; if the
	 * statement is refused for any reason but an unreachable database, each is recorded alone.
	 * @throws RuntimeException a transient database failure: nothing was recorded, call again
	 */
	void succeedAll(List<Returned> returned) {
		List<AttemptEnds.Success> rows = new ArrayList<>(returned.size());
		List<Returned> serialised = new ArrayList<>(returned.size());
		for (Returned r : returned) {
			try {
				rows.add(new AttemptEnds.Success(r.run().jobId(), r.run().attempt(), payloads.writeResult(r.run().result())));
				serialised.add(r);
			}
			catch (RuntimeException ex) {
				record(r.run(), null, r.runTime()); // records the serialisation error as the failure
			}
		}
		Set<UUID> won;
		try {
			List<JobEndings.Claim> waitedFor = serialised.stream()
				.map(r -> r.run().job())
				.filter(ClaimedJob::othersWaitForIt)
				.map(EndingEffects::claim)
				.toList();
			won = waitedFor.isEmpty() ? store.attemptEnds().succeedAll(rows) : transaction.execute(status -> {
				// Batch counts and released dependents commit with the successes, or not at all.
				Set<UUID> recorded = store.attemptEnds().succeedAll(rows);
				effects.succeededTogether(waitedFor.stream().filter(j -> recorded.contains(j.id())).toList(), status);
				return recorded;
			});
		}
		catch (RuntimeException ex) {
			if (DatabaseRetry.isTransient(ex)) {
				throw ex;
			}
			log.warn("Recording {} successes in one statement failed ({}); recording them one by one",
					serialised.size(), ex.getMessage());
			serialised.forEach(r -> record(r.run(), null, r.runTime()));
			return;
		}
		for (Returned r : serialised) {
			if (lostOrDone(won.contains(r.run().jobId()), r.run().job(), "succeeded")) {
				r.run().recorded(JobMetrics.Outcome.SUCCEEDED);
				metrics.completed(r.run().type(), JobMetrics.Outcome.SUCCEEDED, r.runTime());
			}
		}
	}

	/**
	 * Records the end of an attempt whose handler has not returned and is given up on: it ignored
	 * its timeout's interrupt past the grace, or it outlived the shutdown's hand-back wait.
	 */
	boolean abandon(RunningJob run, Ending ending, String error) {
		return fail(run, ending, error, null, null);
	}

	private boolean succeed(RunningJob run, Duration runTime) {
		ClaimedJob job = run.job();
		String result;
		try {
			result = payloads.writeResult(run.result());
		}
		catch (RuntimeException ex) {
			throw new NonRetryableJobException("The handler's result could not be serialised to JSON: "
					+ ex.getMessage(), ex);
		}
		AttemptEnd end = AttemptEnd.succeeded(result);
		boolean won;
		if (batchable(run) && !job.othersWaitForIt()) {
			won = store.attemptEnds().endAttempt(job.id(), job.attempt(), end);
		}
		else {
			// Follow-up jobs exist if and only if this attempt's success is recorded.
			won = Boolean.TRUE.equals(transaction.execute(status -> {
				if (!store.attemptEnds().endAttempt(job.id(), job.attempt(), end)) {
					return false;
				}
				effects.submitFollowUps(run.followUps());
				effects.ended(job, JobStatus.SUCCEEDED, status);
				return true;
			}));
		}
		if (lostOrDone(won, job, "succeeded")) {
			run.recorded(JobMetrics.Outcome.SUCCEEDED);
			metrics.completed(job.type(), JobMetrics.Outcome.SUCCEEDED, runTime);
		}
		return won;
	}

	private boolean fail(RunningJob run, Ending ending, String error, Throwable failure, Duration runTime) {
		ClaimedJob job = run.job();
		RegisteredJobType type = run.registeredType();
		boolean retryable = failure == null || type.isRetryable(failure);
		FailurePolicy.Facts facts = new FailurePolicy.Facts(ending, retryable,
				run.cancelRequested(), job.attempt(), job.maxAttempts(), job.attemptBase(),
				error, (failure != null) ? stackTrace(failure) : null);
		AttemptEnd decided = FailurePolicy.decide(facts, n -> retryDelays.after(type, n));
		AttemptEnd end = needsItsOwnTransaction(decided,
				status -> job.othersWaitForIt() || effects.anyListenerAbout(job.type(), status))
				? transaction.execute(status -> {
					AttemptEnd applied = FencedEnd.apply(store, job.id(), job.attempt(), decided);
					if (applied != null && applied.transition().to().isTerminal()) {
						effects.ended(job, applied.transition().to(), status);
					}
					return applied;
				}) : FencedEnd.apply(store, job.id(), job.attempt(), decided);
		if (!lostOrDone(end != null, job, decided.transition().to().name())) {
			return false;
		}
		log.info("Job {} ({}) attempt {}/{} ended {}: {}{}", job.id(), job.type(), job.attempt(), job.maxAttempts(),
				end.outcome(), error, end.retries() ? "; retrying in " + end.delay() : " -> " + end.transition().to());
		run.recorded(metricOutcome(end.transition()));
		metrics.completed(job.type(), metricOutcome(end.transition()), runTime);
		if (end.retries()) {
			dispatcher.dispatchRetryAfterCommit(job.message(), end.delay());
		}
		else if (end.failsForGood()) {
			metrics.deadLettered(job.type());
			dispatcher.deadLetterAfterCommit(job.message(), error);
		}
		return true;
	}

	static JobMetrics.Outcome metricOutcome(Transition transition) {
		return switch (transition) {
			case SUCCEED -> JobMetrics.Outcome.SUCCEEDED;
			case SCHEDULE_RETRY -> JobMetrics.Outcome.RETRIED;
			case FAIL -> JobMetrics.Outcome.FAILED;
			case HAND_BACK -> JobMetrics.Outcome.HANDED_BACK;
			default -> JobMetrics.Outcome.CANCELLED;
		};
	}

	/** Logs when a fenced completion matched nothing: the attempt was taken over meanwhile. */
	private static boolean lostOrDone(boolean applied, ClaimedJob job, String what) {
		if (!applied) {
			log.warn("Job {} attempt {} could not be recorded as {}: the attempt is no longer this worker's "
					+ "(its lease ran out and the job was reclaimed, its timeout's grace passed, or it was cancelled); "
					+ "its outcome is discarded", job.id(), job.attempt(), what);
		}
		return applied;
	}

	static String describe(Throwable failure) {
		String message = failure.getMessage();
		return failure.getClass().getName() + ((message != null) ? ": " + message : "");
	}

	private static String stackTrace(Throwable failure) {
		StringWriter out = new StringWriter();
		failure.printStackTrace(new PrintWriter(out));
		return out.toString();
	}

}
