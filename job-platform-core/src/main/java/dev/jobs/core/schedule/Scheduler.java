package dev.jobs.core.schedule;

import dev.jobs.core.ScheduleFiringCheck;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.jobs.core.JobClient;
import dev.jobs.core.JobsException;
import dev.jobs.core.SubmitOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Fires due schedules. Every instance runs one; each firing submits exactly one job however many
 * instances look at it:
 * <ol>
 * <li>the schedule row is locked with {@code FOR UPDATE SKIP LOCKED} (another instance busy with it
 * is skipped, not waited for);</li>
 * <li>the job is submitted in that transaction with the idempotency key
 * {@code schedule:<id>:<fire time>} by the submitter {@code schedule:<id>};</li>
 * <li>the firing is claimed by a conditional UPDATE that moves {@code next_fire_at} on only if it still
 * holds the fire time.</li>
 * </ol>
 * The job and the claim commit together or not at all. A firing found more than the misfire grace
 * after its time follows the schedule's {@link MisfirePolicy}. Each firing first asks the
 * {@link ScheduleFiringCheck} whether the schedule may still submit (its creator's rights today).
 */
class Scheduler implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(Scheduler.class);

	private static final int BATCH = 50;

	private final ScheduleStore store;

	private final JobClient jobs;

	private final TransactionTemplate transaction;

	private final Duration pollInterval;

	private final Duration misfireGrace;

	private final ScheduleFiringCheck firingCheck;

	private ScheduledExecutorService executor;

	Scheduler(ScheduleStore store, JobClient jobs, TransactionTemplate transaction, Duration pollInterval,
			Duration misfireGrace) {
		this(store, jobs, transaction, pollInterval, misfireGrace, ScheduleFiringCheck.ALLOW_ALL);
	}

	Scheduler(ScheduleStore store, JobClient jobs, TransactionTemplate transaction, Duration pollInterval,
			Duration misfireGrace, ScheduleFiringCheck firingCheck) {
		this.firingCheck = firingCheck;
		this.store = store;
		this.jobs = jobs;
		this.transaction = transaction;
		this.pollInterval = pollInterval;
		this.misfireGrace = misfireGrace;
	}

	@Override
	public synchronized void start() {
		executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
			Thread thread = new Thread(runnable, "jobs-scheduler");
			thread.setDaemon(true);
			return thread;
		});
		executor.scheduleWithFixedDelay(this::fireDueGuarded, 0, pollInterval.toMillis(), TimeUnit.MILLISECONDS);
	}

	@Override
	public synchronized void stop() {
		if (executor != null) {
			executor.shutdownNow();
			try {
				executor.awaitTermination(5, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			executor = null;
		}
	}

	@Override
	public synchronized boolean isRunning() {
		return executor != null;
	}

	/** After the workers and the relay: a firing's job is published once it commits. */
	@Override
	public int getPhase() {
		return Integer.MAX_VALUE - 1000;
	}

	private void fireDueGuarded() {
		try {
			fireDue();
		}
		catch (RuntimeException ex) {
			// The database may be down: the firings stay due and are fired on a later round.
			log.warn("Could not fire due schedules ({}); trying again in {}", ex.getMessage(), pollInterval);
		}
	}

	/** Fires every due schedule once; returns how many firings this instance claimed. */
	int fireDue() {
		int fired = 0;
		for (String id : store.due(BATCH)) {
			if (fire(id)) {
				fired++;
			}
		}
		return fired;
	}

	private boolean fire(String id) {
		try {
			return Boolean.TRUE.equals(transaction.execute(status -> fireLocked(id)));
		}
		catch (JobsException | IllegalArgumentException ex) {
			// The job itself is refused (type gone or now delivered as messages, payload no longer
			// valid, active limit): retrying the same firing would be refused again, and would hold up
			// the schedules behind it. Record why and move on to the next firing.
			return Boolean.TRUE.equals(transaction.execute(status -> skipRefused(id, ex)));
		}
	}

	private boolean fireLocked(String id) {
		Optional<Schedule> locked = store.lockDue(id);
		if (locked.isEmpty()) {
			return false;
		}
		Schedule schedule = locked.get();
		Trigger trigger = Trigger.of(schedule.cron(), schedule.zone(), schedule.fixedRate());
		Instant now = store.now();
		Instant fireAt = schedule.nextFireAt();
		boolean missed = Duration.between(fireAt, now).compareTo(misfireGrace) > 0;
		Instant next = missed ? trigger.nextAfter(fireAt, now) : trigger.next(fireAt);
		if (missed && schedule.misfire() == MisfirePolicy.SKIP) {
			String note = "Skipped firings from " + fireAt + " to " + now + " (missed; misfire policy SKIP)";
			log.info("Schedule {}: {}", id, note);
			return store.claim(id, fireAt, next, null, note);
		}
		Optional<String> refusal = firingCheck.refusal(new ScheduleFiringCheck.ScheduleFiring(id, schedule.type(),
				schedule.createdBy(), "CONFIG".equals(schedule.source())));
		if (refusal.isPresent()) {
			// Refused like a refused job: nothing submitted, the reason recorded, on to the next firing.
			Instant after = trigger.nextAfter(fireAt, now);
			String note = "Firing at " + fireAt + " submitted nothing: " + refusal.get();
			log.warn("Schedule {}: {}. Next firing at {}", id, note, after);
			return store.claim(id, fireAt, after, null, note);
		}
		UUID job = jobs.submit(schedule.type(), schedule.payload(), SubmitOptions.defaults()
			.withCreatedBy(Schedule.submitter(id))
			.withIdempotencyKey("schedule:" + id + ":" + fireAt)).id();
		if (!store.claim(id, fireAt, next, job, null)) {
			// Cannot happen while the row is locked; rolling back keeps the job and the claim together.
			throw new IllegalStateException("Schedule " + id + " moved on while locked");
		}
		if (missed) {
			log.info("Schedule {} missed its firing at {}: submitted job {} once (misfire policy RUN_ONCE); next at {}",
					id, fireAt, job, next);
		}
		return true;
	}

	private boolean skipRefused(String id, RuntimeException refusal) {
		Optional<Schedule> locked = store.lockDue(id);
		if (locked.isEmpty()) {
			return false;
		}
		Schedule schedule = locked.get();
		Trigger trigger = Trigger.of(schedule.cron(), schedule.zone(), schedule.fixedRate());
		Instant next = trigger.nextAfter(schedule.nextFireAt(), store.now());
		String note = "Firing at " + schedule.nextFireAt() + " submitted nothing: " + refusal.getMessage();
		log.warn("Schedule {}: {}. Fix the schedule (or the type) before its next firing at {}", id, note, next);
		return store.claim(id, schedule.nextFireAt(), next, null, note);
	}

}
