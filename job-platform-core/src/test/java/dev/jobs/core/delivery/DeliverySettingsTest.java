package dev.jobs.core.delivery;

import dev.jobs.core.autoconfigure.JobsProperties;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** Settings that contradict each other are refused at start, naming the properties. */
class DeliverySettingsTest {

	@Test
	void defaultsAreConsistent() {
		DeliverySettings settings = new JobsProperties().deliverySettings("worker-1");

		assertThat(settings.heartbeatInterval()).isLessThan(settings.lease());
	}

	@Test
	void heartbeatNotShorterThanTheLeaseIsRefused() {
		JobsProperties properties = new JobsProperties();
		properties.getLease().setDuration(Duration.ofSeconds(5));
		properties.getLease().setHeartbeatInterval(Duration.ofSeconds(5));

		assertThatIllegalArgumentException().isThrownBy(() -> properties.deliverySettings("w"))
			.withMessageContaining("jobs.lease.heartbeat-interval")
			.withMessageContaining("jobs.lease.duration");
	}

	@Test
	void overdueBoundNotAboveTheRelaysMinAgeIsRefused() {
		JobsProperties properties = new JobsProperties();
		properties.getRelay().setOverdueAfter(Duration.ofSeconds(5));

		assertThatIllegalArgumentException().isThrownBy(() -> properties.deliverySettings("w"))
			.withMessageContaining("jobs.relay.overdue-after")
			.withMessageContaining("jobs.relay.min-age");
	}

}
