package dev.jobs.core.delivery;

import java.time.Duration;
import java.util.List;

import dev.jobs.core.job.AttemptEnd;
import dev.jobs.core.job.FailurePolicy;
import dev.jobs.core.job.JobMetrics;
import dev.jobs.core.job.JobClaims.ExpiredLease;
import dev.jobs.core.job.JobTypeRegistry;
import dev.jobs.core.job.MessageDispatcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;


/**
 * The lease reaper: moves on every running job whose worker stopped renewing its lease (killed,
 * crashed, cut off). The lost attempt is recorded, and the job goes where {@link FailurePolicy}
 * says: retried by the relay when due, failed, or cancelled. A claim that waited in a batch and never
 * started ran nothing: it is handed back and not counted. Rows are locked with {@code SKIP LOCKED},
 * so several instances can reap at once. Runs every {@code jobs.lease.reaper-interval} on instances
 * that run the relay.
 */
class LeaseReaper extends RelayRound {

	private static final Logger log = LoggerFactory.getLogger(LeaseReaper.class);

	private static final int REAP_BATCH = 100;

	/** The backoff of a type no longer registered here (its own settings are unknown). */
	private static final Duration UNKNOWN_TYPE_BACKOFF = Duration.ofSeconds(5);

	private final EngineDatabase engine;

	private final JobTypeRegistry registry;

	private final RetryDelays retryDelays;

	private final EndingEffects effects;

	private final MessageDispatcher dispatcher;

	private final JobMetrics metrics;


	LeaseReaper(EngineDatabase engine, JobTypeRegistry registry, RetryDelays retryDelays, EndingEffects effects,
			MessageDispatcher dispatcher, JobMetrics metrics, DeliverySettings settings) {
		super("lease-reaper", settings.reaperInterval(), settings.relayEnabled());
		this.engine = engine;
		this.registry = registry;
		this.retryDelays = retryDelays;
		this.effects = effects;
		this.dispatcher = dispatcher;
		this.metrics = metrics;
	}

	@Override
	void round() {
		reapExpiredLeases();
	}

	/**
	 * One round: every expired lease of a batch, in one transaction.
	 * @return how many jobs were reclaimed
	 */
	public int reapExpiredLeases() {
		Integer reaped = engine.transaction().execute(status -> {
			List<ExpiredLease> expired = engine.store().claims().lockExpiredLeases(REAP_BATCH);
			for (ExpiredLease job : expired) {
				String error = errorOf(job.workerId(), job.attempt(), job.handlerStarted());
				log.warn("Job {} ({}): {}", job.id(), job.type(), error);
				FailurePolicy.Facts facts = new FailurePolicy.Facts(endingOf(job.handlerStarted()), true,
						job.cancelRequested(), job.attempt(), job.maxAttempts(), job.attemptBase(), error, null);
				AttemptEnd decided = FailurePolicy.decide(facts, n -> registry.find(job.type())
					.map(t -> retryDelays.after(t, n))
					.orElse(UNKNOWN_TYPE_BACKOFF));
				AttemptEnd applied = FencedEnd.apply(engine.store(), job.id(), job.attempt(), decided);
				AttemptEnd end = (applied != null) ? applied : FencedEnd.insteadOfRefused(decided).orElse(decided);
				if (applied != null && end.transition().to().isTerminal()) {
					effects.ended(job.id(), job.type(), end.transition().to(), status);
				}
				metrics.completed(job.type(), job.handlerStarted() ? JobMetrics.Outcome.LOST
						: JobMetrics.Outcome.HANDED_BACK, null);
				if (end.failsForGood()) {
					metrics.deadLettered(job.type());
					dispatcher.deadLetterAfterCommit(job.message(), error);
				}
				// A retry is published by the relay when it is due: its row waits undispatched.
			}
			return expired.size();
		});
		return (reaped != null) ? reaped : 0;
	}

	/** A claim whose handler started lost its attempt; one that only waited in a batch ran nothing. */
	static FailurePolicy.Ending endingOf(boolean handlerStarted) {
		return handlerStarted ? FailurePolicy.Ending.LEASE_EXPIRED : FailurePolicy.Ending.NEVER_STARTED;
	}

	static String errorOf(String workerId, int attempt, boolean handlerStarted) {
		return handlerStarted
				? "Worker " + workerId + " stopped renewing its lease (killed, crashed or cut off); attempt " + attempt
						+ " is counted as lost"
				: "Worker " + workerId + " stopped renewing its lease (killed, crashed or cut off) while attempt "
						+ attempt + " waited in a batch; its handler never started, so the attempt is handed back and "
						+ "not counted";
	}


}
