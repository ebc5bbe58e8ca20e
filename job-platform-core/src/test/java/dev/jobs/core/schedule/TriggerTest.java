package dev.jobs.core.schedule;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TriggerTest {

	@Test
	void cronIsReadInItsTimeZone() {
		Trigger mondayMorningShanghai = Trigger.of("0 0 8 * * MON", "Asia/Shanghai", null);

		// Tuesday 1 December 2026, 00:00 UTC: the next Monday 08:00 in Shanghai is 7 December, 00:00 UTC.
		assertThat(mondayMorningShanghai.next(Instant.parse("2026-12-01T00:00:00Z")))
			.isEqualTo(Instant.parse("2026-12-07T00:00:00Z"));
	}

	@Test
	void missedCronFiringsContinueWithTheFirstFutureOne() {
		Trigger hourly = Trigger.of("0 0 * * * *", "UTC", null);

		assertThat(hourly.nextAfter(Instant.parse("2026-12-01T01:00:00Z"), Instant.parse("2026-12-01T04:30:00Z")))
			.isEqualTo(Instant.parse("2026-12-01T05:00:00Z"));
	}

	@Test
	void fixedRateKeepsItsPhaseAfterMissedFirings() {
		Trigger everyTenMinutes = Trigger.of(null, null, Duration.ofMinutes(10));
		Instant fired = Instant.parse("2026-12-01T00:05:00Z");

		assertThat(everyTenMinutes.next(fired)).isEqualTo(Instant.parse("2026-12-01T00:15:00Z"));
		assertThat(everyTenMinutes.nextAfter(fired, Instant.parse("2026-12-01T01:00:00Z")))
			.isEqualTo(Instant.parse("2026-12-01T01:05:00Z"));
		assertThat(everyTenMinutes.nextAfter(fired, Instant.parse("2026-12-01T01:05:00Z")))
			.as("strictly after now")
			.isEqualTo(Instant.parse("2026-12-01T01:15:00Z"));
	}

	@Test
	void badCronExpressionIsRefusedNamingTheField() {
		assertThatThrownBy(() -> Trigger.of("every monday", "UTC", null)).isInstanceOfSatisfying(
				InvalidScheduleException.class, ex -> assertThat(ex.field()).isEqualTo("cron"));
	}

	@Test
	void unknownZoneIsRefusedNamingTheField() {
		assertThatThrownBy(() -> Trigger.of("0 0 8 * * MON", "Mars/Olympus", null)).isInstanceOfSatisfying(
				InvalidScheduleException.class, ex -> {
					assertThat(ex.field()).isEqualTo("zone");
					assertThat(ex.reason()).contains("Mars/Olympus");
				});
		assertThatThrownBy(() -> Trigger.of("0 0 8 * * MON", null, null)).isInstanceOfSatisfying(
				InvalidScheduleException.class, ex -> assertThat(ex.field()).isEqualTo("zone"));
	}

	@Test
	void exactlyOneOfCronAndRateAndNoRateBelowOneSecond() {
		assertThatThrownBy(() -> Trigger.of("0 0 8 * * MON", "UTC", Duration.ofMinutes(1)))
			.isInstanceOf(InvalidScheduleException.class);
		assertThatThrownBy(() -> Trigger.of(null, null, null)).isInstanceOf(InvalidScheduleException.class);
		assertThatThrownBy(() -> Trigger.of(null, null, Duration.ofMillis(200))).isInstanceOfSatisfying(
				InvalidScheduleException.class, ex -> assertThat(ex.field()).isEqualTo("fixedRate"));
	}

	@Test
	void cronThatNeverFiresIsRefused() {
		assertThatThrownBy(() -> Trigger.of("0 0 0 30 2 *", "UTC", null)).isInstanceOfSatisfying(
				InvalidScheduleException.class, ex -> assertThat(ex.field()).isEqualTo("cron"));
	}

}
