package dev.jobs.core.schedule;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import dev.jobs.core.JobClient;
import dev.jobs.core.SubmitOptions;

import dev.jobs.core.job.JobTypeRegistry;
import dev.jobs.core.job.Payloads;
import dev.jobs.core.job.RegisteredJobType;

import org.springframework.transaction.support.TransactionTemplate;

/**
 * Creates, lists and deletes recurring schedules, from the API and from configuration. A
 * definition is checked in full before anything is stored: the type must be registered, the
 * payload must bind and validate, the cron expression and zone (or the rate) must make sense.
 */
public class Schedules {

	/** Schedule ids go into job submitters and idempotency keys: keep them plain. */
	private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,99}");

	private final ScheduleStore store;

	private final JobTypeRegistry registry;

	private final Payloads payloads;

	private final TransactionTemplate transaction;

	private final JobClient jobs;

	Schedules(ScheduleStore store, JobTypeRegistry registry, Payloads payloads, TransactionTemplate transaction,
			JobClient jobs) {
		this.store = store;
		this.registry = registry;
		this.payloads = payloads;
		this.transaction = transaction;
		this.jobs = jobs;
	}

	/** A schedule to create. {@code misfire} {@code null} means {@link MisfirePolicy#RUN_ONCE}. */
	public record NewSchedule(String id, String type, Object payload, String cron, String zone, Duration fixedRate,
			MisfirePolicy misfire) {
	}

	/**
	 * Creates a schedule that fires first at its next time after now.
	 * @throws InvalidScheduleException naming the field at fault
	 * @throws dev.jobs.core.InvalidJobPayloadException if the payload does not fit the type
	 * @throws ScheduleConflictException if the id is taken
	 */
	public Schedule create(NewSchedule schedule, String createdBy) {
		ScheduleStore.Definition definition = check(schedule, "API", createdBy);
		Trigger trigger = Trigger.of(definition.cron(), definition.zone(), definition.fixedRate());
		return transaction.execute(status -> {
			Instant now = store.now();
			if (!store.insert(definition, trigger.next(now))) {
				throw new ScheduleConflictException("A schedule '" + schedule.id()
						+ "' exists already; delete it first or choose another id");
			}
			return store.find(schedule.id()).orElseThrow();
		});
	}

	/**
	 * Makes the stored configured schedules what configuration says: adds and updates them, and
	 * removes configured ones it no longer names. Schedules created over the API are left alone.
	 * @throws IllegalStateException naming the property at fault
	 */
	public void synchronizeConfigured(Map<String, NewSchedule> configured) {
		List<ScheduleStore.Definition> definitions = configured.entrySet().stream().map(entry -> {
			try {
				return check(entry.getValue(), "CONFIG", "configuration");
			}
			catch (InvalidScheduleException ex) {
				throw new IllegalStateException("Invalid schedule jobs.schedules.definitions." + entry.getKey() + "."
						+ kebab(ex.field()) + ": " + ex.reason(), ex);
			}
			catch (dev.jobs.core.InvalidJobPayloadException ex) {
				throw new IllegalStateException("Invalid schedule jobs.schedules.definitions." + entry.getKey()
						+ ".payload: " + ex.errors(), ex);
			}
		}).toList();
		transaction.executeWithoutResult(status -> {
			Instant now = store.now();
			for (ScheduleStore.Definition d : definitions) {
				Trigger trigger = Trigger.of(d.cron(), d.zone(), d.fixedRate());
				if (!store.upsertConfigured(d, trigger.next(now))) {
					throw new IllegalStateException("Schedule '" + d.id() + "' in jobs.schedules.definitions has the id "
							+ "of a schedule created over /api/schedules; rename one of them");
				}
			}
			store.deleteConfiguredExcept(definitions.stream().map(ScheduleStore.Definition::id).toList());
		});
	}

	public List<Schedule> list() {
		return store.list();
	}

	/** @throws ScheduleNotFoundException if there is none */
	public Schedule find(String id) {
		return store.find(id).orElseThrow(() -> new ScheduleNotFoundException(id));
	}

	/**
	 * Deletes a schedule created over the API; its jobs already submitted stay.
	 * @throws ScheduleNotFoundException if there is none
	 * @throws ScheduleConflictException if it comes from configuration
	 */
	public void delete(String id) {
		Schedule schedule = find(id);
		if ("CONFIG".equals(schedule.source())) {
			throw new ScheduleConflictException("Schedule '" + id + "' comes from configuration "
					+ "(jobs.schedules.definitions." + id + "); remove it there");
		}
		if (!store.delete(id)) {
			throw new ScheduleNotFoundException(id);
		}
	}

	/**
	 * Stops a schedule firing until it is resumed; it stays paused across restarts, configured ones too. Jobs it
	 * submitted already are not touched.
	 * @throws ScheduleNotFoundException if there is none
	 */
	public Schedule pause(String id) {
		return transaction.execute(status -> {
			Schedule schedule = find(id);
			store.setEnabled(id, false, schedule.nextFireAt());
			return find(id);
		});
	}

	/**
	 * Lets a paused schedule fire again, next at its first time after now: the firings due while it was paused
	 * are skipped, whatever its misfire policy (a pause is a decision, not an outage). Resuming an active
	 * schedule changes nothing.
	 * @throws ScheduleNotFoundException if there is none
	 */
	public Schedule resume(String id) {
		return transaction.execute(status -> {
			Schedule schedule = find(id);
			Trigger trigger = Trigger.of(schedule.cron(), schedule.zone(), schedule.fixedRate());
			store.setEnabled(id, true, trigger.next(store.now()));
			return find(id);
		});
	}

	/**
	 * Replaces a schedule's trigger, payload and misfire policy, checked as on create; its id, type and
	 * creator stay. The next firing moves only if the timing changed.
	 * @throws ScheduleNotFoundException if there is none
	 * @throws ScheduleConflictException if it comes from configuration (change it there)
	 * @throws InvalidScheduleException naming the field at fault, e.g. a type other than the schedule's
	 */
	public Schedule update(String id, NewSchedule change) {
		Schedule existing = find(id);
		if ("CONFIG".equals(existing.source())) {
			throw new ScheduleConflictException("Schedule '" + id + "' comes from configuration "
					+ "(jobs.schedules.definitions." + id + "); change it there");
		}
		if (change.type() != null && !change.type().equals(existing.type())) {
			throw new InvalidScheduleException("type", "a schedule's type cannot change (it is " + existing.type()
					+ "); create a new schedule for " + change.type());
		}
		NewSchedule complete = new NewSchedule(id, existing.type(), change.payload(), change.cron(), change.zone(),
				change.fixedRate(), change.misfire());
		ScheduleStore.Definition definition = check(complete, "API", existing.createdBy());
		Trigger trigger = Trigger.of(definition.cron(), definition.zone(), definition.fixedRate());
		return transaction.execute(status -> {
			if (!store.update(definition, trigger.next(store.now()))) {
				throw new ScheduleNotFoundException(id);
			}
			return find(id);
		});
	}

	/**
	 * Submits one job of the schedule now, as a firing would (the submitter {@code schedule:<id>}, its payload),
	 * outside its timetable; the timetable is not moved. Works on a paused schedule too.
	 * @param key makes the request idempotent: the same key submits one job, however often it is sent (a double
	 * click, a retried request)
	 * @return the job, and whether it had been submitted already with that key
	 * @throws ScheduleNotFoundException if there is none
	 */
	public RunNow runNow(String id, String key) {
		if (key == null || key.isBlank() || key.length() > 100) {
			throw new InvalidScheduleException("key", "must be 1 to 100 characters: it makes \"run now\" happen once "
					+ "per click");
		}
		Schedule schedule = find(id);
		return transaction.execute(status -> {
			JobClient.Submission submission = jobs.submit(schedule.type(), schedule.payload(),
					SubmitOptions.defaults()
						.withCreatedBy(Schedule.submitter(id))
						.withIdempotencyKey("schedule:" + id + ":run-now:" + key));
			store.recordRunNow(id, submission.id());
			return new RunNow(submission.id(), !submission.created());
		});
	}

	/** What "run now" did: the job, and whether an earlier request with the same key had submitted it. */
	public record RunNow(UUID jobId, boolean replayed) {
	}

	private ScheduleStore.Definition check(NewSchedule s, String source, String createdBy) {
		if (s.id() == null || !ID.matcher(s.id()).matches()) {
			throw new InvalidScheduleException("id", "'" + s.id() + "' must match " + ID.pattern()
					+ " (lower case letters, digits, '.', '_' and '-', e.g. weekly-rd-export)");
		}
		if (s.type() == null || s.type().isBlank()) {
			throw new InvalidScheduleException("type", "is required: the job type each firing submits");
		}
		RegisteredJobType type = registry.find(s.type())
			.orElseThrow(() -> new InvalidScheduleException("type", "'" + s.type() + "' is not a registered job type; "
					+ "registered: " + registry.all().stream().map(RegisteredJobType::name).toList()));
		if (type.messageDelivery()) {
			// Such a type has no job rows: a firing could submit nothing (JobClient refuses it).
			throw new InvalidScheduleException("type", "'" + s.type() + "' is delivered as messages without a job "
					+ "row and cannot be scheduled; schedule a job type that sends them instead");
		}
		Trigger.of(s.cron(), s.zone(), s.fixedRate());
		Object bound = payloads.bind(type.name(), type.handler().payloadType(), s.payload());
		boolean cron = s.cron() != null && !s.cron().isBlank();
		return new ScheduleStore.Definition(s.id(), type.name(), payloads.toJson(bound), cron ? s.cron().strip() : null,
				cron ? s.zone().strip() : null, cron ? null : s.fixedRate(),
				(s.misfire() != null) ? s.misfire() : MisfirePolicy.RUN_ONCE, true, source, createdBy);
	}

	private static String kebab(String field) {
		return field.replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
	}

}
