package dev.jobs.core.schedule;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;

import org.springframework.scheduling.support.CronExpression;

/**
 * When a schedule fires: a cron expression read in a time zone, or a fixed rate anchored at the
 * schedule's first firing.
 */
sealed interface Trigger {

	/** The shortest fixed rate: a firing is a database transaction and a job. */
	Duration MIN_RATE = Duration.ofSeconds(1);

	/** The first firing strictly after {@code after}. */
	Instant next(Instant after);

	/**
	 * The first firing strictly after {@code now}, counted from a firing at {@code fired} (a fixed
	 * rate keeps its phase).
	 */
	Instant nextAfter(Instant fired, Instant now);

	/**
	 * @throws InvalidScheduleException naming {@code cron}, {@code zone} or {@code fixedRate}
	 */
	static Trigger of(String cron, String zone, Duration fixedRate) {
		boolean hasCron = cron != null && !cron.isBlank();
		if (hasCron == (fixedRate != null)) {
			throw new InvalidScheduleException("cron", "or fixedRate: give exactly one of them");
		}
		if (fixedRate != null) {
			if (fixedRate.compareTo(MIN_RATE) < 0) {
				throw new InvalidScheduleException("fixedRate", "must be at least " + MIN_RATE.toSeconds() + "s, was "
						+ fixedRate);
			}
			return new Rate(fixedRate);
		}
		if (zone == null || zone.isBlank()) {
			throw new InvalidScheduleException("zone",
					"is required with a cron expression (an IANA time zone such as Asia/Shanghai or UTC)");
		}
		ZoneId zoneId;
		try {
			zoneId = ZoneId.of(zone.strip());
		}
		catch (DateTimeException ex) {
			throw new InvalidScheduleException("zone",
					"'" + zone + "' is not a time zone (use an IANA name such as Asia/Shanghai or UTC)");
		}
		CronExpression expression;
		try {
			expression = CronExpression.parse(cron.strip());
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidScheduleException("cron", "'" + cron + "' is not a cron expression: " + ex.getMessage()
					+ " (six fields: second minute hour day-of-month month day-of-week, e.g. '0 0 8 * * MON')");
		}
		Cron trigger = new Cron(expression, zoneId);
		if (trigger.next(Instant.now()) == null) {
			throw new InvalidScheduleException("cron", "'" + cron + "' never fires");
		}
		return trigger;
	}

	record Cron(CronExpression expression, ZoneId zone) implements Trigger {

		@Override
		public Instant next(Instant after) {
			ZonedDateTime next = expression.next(after.atZone(zone));
			return (next != null) ? next.toInstant() : null;
		}

		@Override
		public Instant nextAfter(Instant fired, Instant now) {
			return next(now.isAfter(fired) ? now : fired);
		}

	}

	record Rate(Duration period) implements Trigger {

		@Override
		public Instant next(Instant after) {
			return after.plus(period);
		}

		@Override
		public Instant nextAfter(Instant fired, Instant now) {
			if (now.isBefore(fired)) {
				return fired.plus(period);
			}
			long periods = Duration.between(fired, now).toMillis() / period.toMillis() + 1;
			return fired.plus(period.multipliedBy(periods));
		}

	}

}
