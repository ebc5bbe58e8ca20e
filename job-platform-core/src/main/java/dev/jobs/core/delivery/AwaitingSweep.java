package dev.jobs.core.delivery;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.jobs.core.JobStatus;

/**
 * Resolves waiting jobs ({@link JobStatus#AWAITING}) whose dependencies all ended but whose ends did not resolve
 * them: a dependent submitted while its dependency ran on a worker that had claimed it before the dependent existed
 * (that worker records the end without looking for dependents). Released, or cancelled with the reason, within one
 * round ({@code jobs.lease.reaper-interval}) of the end. Rows are locked with {@code SKIP LOCKED}, so several
 * instances can sweep at once. Every other end resolves its dependents in its own transaction; this is the
 * backstop, as the relay is for lost messages.
 */
class AwaitingSweep extends RelayRound {

	private static final Logger log = LoggerFactory.getLogger(AwaitingSweep.class);

	private static final int SWEEP_BATCH = 100;

	private final EngineDatabase engine;

	private final EndingEffects effects;

	AwaitingSweep(EngineDatabase engine, EndingEffects effects, DeliverySettings settings) {
		super("awaiting-sweep", settings.reaperInterval(), settings.relayEnabled());
		this.engine = engine;
		this.effects = effects;
	}

	@Override
	void round() {
		sweep();
	}

	/**
	 * One round.
	 * @return how many waiting jobs it resolved
	 */
	int sweep() {
		Integer resolved = engine.transaction().execute(status -> effects.sweep(SWEEP_BATCH, status));
		if (resolved != null && resolved > 0) {
			log.info("Resolved {} waiting job(s) whose dependencies had ended without releasing them", resolved);
		}
		return (resolved != null) ? resolved : 0;
	}

}
