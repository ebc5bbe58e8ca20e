package dev.jobs.core;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class RateLimitTest {

	@Test
	void readsStartsPerPeriodInTheFormsOperatorsWrite() {
		assertThat(RateLimit.parse("10/1s")).isEqualTo(new RateLimit(10, Duration.ofSeconds(1)));
		assertThat(RateLimit.parse("10/s")).isEqualTo(new RateLimit(10, Duration.ofSeconds(1)));
		assertThat(RateLimit.parse(" 600 / 1m ")).isEqualTo(new RateLimit(600, Duration.ofMinutes(1)));
		assertThat(RateLimit.parse("250/500ms")).isEqualTo(new RateLimit(250, Duration.ofMillis(500)));
		assertThat(RateLimit.parse("5000/1H")).isEqualTo(new RateLimit(5000, Duration.ofHours(1)));
	}

	@Test
	void writesWhatItReads() {
		for (String text : new String[] { "10/1s", "600/1m", "250/500ms", "5000/1h", "7/2d" }) {
			assertThat(RateLimit.parse(text)).hasToString(text);
		}
	}

	@Test
	void spacesStartsEvenlyOverThePeriod() {
		assertThat(RateLimit.parse("5/1s").spacing()).isEqualTo(Duration.ofMillis(200));
		assertThat(RateLimit.parse("600/1m").spacing()).isEqualTo(Duration.ofMillis(100));
	}

	@Test
	void refusesWhatMakesNoSenseSayingWhy() {
		assertThatIllegalArgumentException().isThrownBy(() -> RateLimit.parse("ten a second"))
			.withMessageContaining("e.g. 10/1s");
		assertThatIllegalArgumentException().isThrownBy(() -> RateLimit.parse("0/1s"))
			.withMessageContaining("at least 1 start");
		assertThatIllegalArgumentException().isThrownBy(() -> RateLimit.parse("10/0s"))
			.withMessageContaining("at least 1ms");
		assertThatIllegalArgumentException().isThrownBy(() -> RateLimit.parse("5000/1ms"))
			.withMessageContaining("finer than one start per microsecond");
		assertThatIllegalArgumentException().isThrownBy(() -> RateLimit.parse(null));
	}

}
