package dev.jobs.core.delivery;

import java.util.List;
import java.util.UUID;

import dev.jobs.core.delivery.BatchDeliveries.Delivery;
import dev.jobs.core.job.JobMessage;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Which deliveries of a batch go into its one claim statement. */
class BatchDeliveriesTest {

	private final UUID a = UUID.randomUUID();

	private final UUID b = UUID.randomUUID();

	@Test
	void eachJobIsClaimedOnceInDeliveryOrder() {
		BatchDeliveries batch = BatchDeliveries.sort(List.of(delivery(1, a), delivery(2, b)));

		assertThat(batch.distinct()).extracting(Delivery::tag).containsExactly(1L, 2L);
		assertThat(batch.duplicates()).isEmpty();
	}

	@Test
	void secondMessageForAJobAlreadyInTheBatchIsLeftForLaterAlone() {
		BatchDeliveries batch = BatchDeliveries.sort(List.of(delivery(1, a), delivery(2, b), delivery(3, a)));

		assertThat(batch.distinctMessages()).extracting(JobMessage::jobId).containsExactly(a, b);
		assertThat(batch.duplicates()).extracting(Delivery::tag).containsExactly(3L);
	}

	private static Delivery delivery(long tag, UUID job) {
		return new Delivery(tag, new JobMessage(job, "BATCHED", 0, 0));
	}

}
