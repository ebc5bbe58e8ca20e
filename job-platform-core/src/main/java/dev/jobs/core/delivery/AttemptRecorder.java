package dev.jobs.core.delivery;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import dev.jobs.core.JobStatus;
import dev.jobs.core.NonRetryableJobException;
import dev.jobs.core.job.AttemptEnd;
import dev.jobs.core.job.DefaultJobClient;
import dev.jobs.core.job.FailurePolicy.Ending;
import dev.jobs.core.job.FailurePolicy;
import dev.jobs.core.job.JobEndings;
import dev.jobs.core.job.JobMetrics;
import dev.jobs.core.job.JobStateMachine.Transition;
import dev.jobs.core.job.ClaimedJob;
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
 */
final class AttemptRecorder {

	private static final Logger log = LoggerFactory.getLogger(AttemptRecorder.class);

	private final EngineJobStore store;

	private final TransactionTemplate transaction;

	private final DefaultJobClient followUps;

	private final JobEndings endings;

	private final Payloads payloads;

	private final MessageDispatcher dispatcher;

	private final JobTopology topology;

	private final JobMetrics metrics;

	AttemptRecorder(EngineJobStore store, TransactionTemplate transaction, DefaultJobClient followUps, JobEndings endings,
			Payloads payloads, MessageDispatcher dispatcher, JobTopology topology, JobMetrics metrics) {
		this.store = store;
		this.endings = endings;
		this.transaction = transaction;
		this.followUps = followUps;
		this.payloads = payloads;
		this.dispatcher = dispatcher;
		this.topology = topology;
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
		RunningJob.StopReason stop = run.stopReason();
		Ending ending = (stop == null || stop == RunningJob.StopReason.LEASE_LOST) ? Ending.THREW : switch (stop) {
			case SHUTDOWN -> Ending.SHUTDOWN;
			case CANCELLED -> Ending.CANCELLED;
			case TIMED_OUT -> Ending.TIMED_OUT;
			case LEASE_LOST -> Ending.THREW;
		};
		String error = switch (ending) {
			case SHUTDOWN -> "The instance shut down before the attempt ended";
			case CANCELLED -> "Cancelled while running";
			case TIMED_OUT -> "Attempt exceeded the type's timeout of " + run.registeredType().settings().timeout();
			default -> describe(failure);
		};
		return fail(run, ending, error, failure, runTime);
	}

	/**
	 * Whether this attempt's success can be recorded together with others in one statement: it
	 * submits no follow-up jobs and no end listener is about its type's success (those need the
	 * success's own transaction).
	 */
	boolean batchable(RunningJob run) {
		return run.followUps().isEmpty() && !endings.anyAbout(run.type(), JobStatus.SUCCEEDED);
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
			won = store.attemptEnds().succeedAll(rows);
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
		if (run.followUps().isEmpty() && !endings.anyAbout(job.type(), JobStatus.SUCCEEDED)) {
			won = store.attemptEnds().endAttempt(job.id(), job.attempt(), end);
		}
		else {
			// Follow-up jobs exist if and only if this attempt's success is recorded.
			won = Boolean.TRUE.equals(transaction.execute(status -> {
				if (!store.attemptEnds().endAttempt(job.id(), job.attempt(), end)) {
					return false;
				}
				run.followUps().forEach(f -> followUps.submitWithin(store, f.type(), f.payload(), f.options()));
				endings.ended(store, job.id(), job.type(), JobStatus.SUCCEEDED, status, followUps::submitWithin);
				return true;
			}));
		}
		if (lostOrDone(won, job, "succeeded")) {
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
		AttemptEnd decided = FailurePolicy.decide(facts, n -> retryDelay(type, n));
		// A retry or hand-back ends CANCELLED instead when a cancel request arrived meanwhile.
		boolean mayEndCancelled = decided.retries() || decided.transition() == Transition.HAND_BACK;
		boolean listened = endings.anyAbout(job.type(), decided.transition().to())
				|| (mayEndCancelled && endings.anyAbout(job.type(), JobStatus.CANCELLED));
		AttemptEnd end = listened ? transaction.execute(status -> {
			AttemptEnd applied = apply(job, decided);
			if (applied != null && applied.transition().to().isTerminal()) {
				endings.ended(store, job.id(), job.type(), applied.transition().to(), status, followUps::submitWithin);
			}
			return applied;
		}) : apply(job, decided);
		if (!lostOrDone(end != null, job, decided.transition().to().name())) {
			return false;
		}
		log.info("Job {} ({}) attempt {}/{} ended {}: {}{}", job.id(), job.type(), job.attempt(), job.maxAttempts(),
				end.outcome(), error, end.retries() ? "; retrying in " + end.delay() : " -> " + end.transition().to());
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

	/**
	 * Applies a decided end, fenced by the attempt.
	 * @return the end as applied (cancelled instead, if a cancel request arrived meanwhile), or
	 * {@code null} if the attempt is no longer this worker's
	 */
	private AttemptEnd apply(ClaimedJob job, AttemptEnd end) {
		if (store.attemptEnds().endAttempt(job.id(), job.attempt(), end)) {
			return end;
		}
		if (end.retries() || end.transition() == Transition.HAND_BACK) {
			// Its cancellation was requested meanwhile: it ends cancelled instead.
			AttemptEnd cancelled = end.asCancelled();
			return store.attemptEnds().endAttempt(job.id(), job.attempt(), cancelled) ? cancelled : null;
		}
		return null;
	}

	/**
	 * A job ended outside a worker's attempt (the lease reaper, the relay), in {@code transaction} on
	 * the engine's connection: tells the application's listeners.
	 */
	void ended(java.util.UUID id, String type, JobStatus status,
			org.springframework.transaction.TransactionStatus transaction) {
		endings.ended(store, id, type, status, transaction, followUps::submitWithin);
	}

	/** The backoff after the n-th failed attempt, rounded to the retry tier its message waits in. */
	Duration retryDelay(RegisteredJobType type, int failedInBudget) {
		Duration backoff = type.backoffAfter(failedInBudget);
		return topology.tierFor(backoff).map(JobTopology.Tier::delay).orElse(backoff);
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
