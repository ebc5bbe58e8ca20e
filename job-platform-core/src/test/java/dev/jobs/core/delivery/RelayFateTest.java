package dev.jobs.core.delivery;

import dev.jobs.core.delivery.JobPublisher.PublishResult;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What the relay does with a row once the broker answered its publish (the decision alone). */
class RelayFateTest {

	private static final boolean OVERDUE = true;

	private static final boolean REGISTERED = true;

	@Test
	void confirmedRowIsMarkedDispatched() {
		assertThat(RelayFate.of(PublishResult.CONFIRMED, false, REGISTERED)).isEqualTo(RelayFate.DISPATCHED);
	}

	@Test
	void confirmedRowFoundByTheBackstopCountsAsPublishedAgain() {
		assertThat(RelayFate.of(PublishResult.CONFIRMED, OVERDUE, REGISTERED)).isEqualTo(RelayFate.REPUBLISHED);
	}

	@Test
	void refusedOrReturnedRowIsBackedOffSoItCannotBlockTheRowsBehindIt() {
		assertThat(RelayFate.of(PublishResult.REFUSED, false, REGISTERED)).isEqualTo(RelayFate.BACKED_OFF);
		assertThat(RelayFate.of(PublishResult.RETURNED, false, REGISTERED)).as("a queue missing for now")
			.isEqualTo(RelayFate.BACKED_OFF);
		assertThat(RelayFate.of(PublishResult.REFUSED, false, false)).as("refused is not unroutable")
			.isEqualTo(RelayFate.BACKED_OFF);
	}

	@Test
	void returnedRowOfATypeNoInstanceRunsAnyMoreFailsInsteadOfRetryingForEver() {
		assertThat(RelayFate.of(PublishResult.RETURNED, false, false)).isEqualTo(RelayFate.UNDELIVERABLE);
	}

	@Test
	void rowWithoutAnAnswerFromTheBrokerIsLeftForTheNextRound() {
		assertThat(RelayFate.of(PublishResult.UNKNOWN, OVERDUE, REGISTERED)).isEqualTo(RelayFate.NEXT_ROUND);
	}

}
