package dev.jobs.core.delivery;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** When the relay's round also looks for confirmed jobs whose messages were lost. */
class RelayBackstopTest {

	private static final long START = 1_000_000_000L;

	@Test
	void backstopScansOnceAQuarterOfOverdueAfterHasPassedAndThenWaitsAgain() {
		RelayBackstop backstop = new RelayBackstop(Duration.ofSeconds(40), START);

		assertThat(backstop.overdueAfterIfDue(START + seconds(9))).as("not yet").isNull();
		assertThat(backstop.overdueAfterIfDue(START + seconds(10))).isEqualTo(Duration.ofSeconds(40));
		assertThat(backstop.overdueAfterIfDue(START + seconds(11))).as("just scanned").isNull();
		assertThat(backstop.overdueAfterIfDue(START + seconds(20))).isEqualTo(Duration.ofSeconds(40));
	}

	@Test
	void backstopOfALongOverdueAfterStillScansEveryThirtySeconds() {
		RelayBackstop backstop = new RelayBackstop(Duration.ofMinutes(10), START);

		assertThat(backstop.overdueAfterIfDue(START + seconds(29))).isNull();
		assertThat(backstop.overdueAfterIfDue(START + seconds(30))).isEqualTo(Duration.ofMinutes(10));
	}

	@Test
	void withoutOverdueAfterThereIsNoBackstop() {
		RelayBackstop backstop = new RelayBackstop(null, START);

		assertThat(backstop.overdueAfterIfDue(START + seconds(3600))).isNull();
	}

	private static long seconds(long s) {
		return Duration.ofSeconds(s).toNanos();
	}

}
