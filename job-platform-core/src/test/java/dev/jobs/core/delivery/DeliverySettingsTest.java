package dev.jobs.core.delivery;

import dev.jobs.core.autoconfigure.JobsEngineProperties;
import dev.jobs.core.autoconfigure.JobsLeaseProperties;
import dev.jobs.core.autoconfigure.JobsPublisherProperties;
import dev.jobs.core.autoconfigure.JobsRelayProperties;
import dev.jobs.core.autoconfigure.JobsWorkerProperties;
import dev.jobs.core.autoconfigure.SettingsMapping;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** Settings that contradict each other are refused at start, naming the properties. */
class DeliverySettingsTest {

	@Test
	void defaultsAreConsistent() {
		DeliverySettings settings = deliverySettings("worker-1", new JobsLeaseProperties(), new JobsRelayProperties());

		assertThat(settings.heartbeatInterval()).isLessThan(settings.lease());
	}

	@Test
	void heartbeatNotShorterThanTheLeaseIsRefused() {
		JobsLeaseProperties lease = new JobsLeaseProperties();
		lease.setDuration(Duration.ofSeconds(5));
		lease.setHeartbeatInterval(Duration.ofSeconds(5));

		assertThatIllegalArgumentException().isThrownBy(() -> deliverySettings("w", lease, new JobsRelayProperties()))
			.withMessageContaining("jobs.lease.heartbeat-interval")
			.withMessageContaining("jobs.lease.duration");
	}

	@Test
	void overdueBoundNotAboveTheRelaysMinAgeIsRefused() {
		JobsRelayProperties relay = new JobsRelayProperties();
		relay.setOverdueAfter(Duration.ofSeconds(5));

		assertThatIllegalArgumentException().isThrownBy(() -> deliverySettings("w", new JobsLeaseProperties(), relay))
			.withMessageContaining("jobs.relay.overdue-after")
			.withMessageContaining("jobs.relay.min-age");
	}

	/** The settings the auto-configuration maps from these properties, the others at their defaults. */
	private static DeliverySettings deliverySettings(String workerId, JobsLeaseProperties lease,
			JobsRelayProperties relay) {
		return SettingsMapping.delivery(workerId, new JobsWorkerProperties(), lease, relay,
				new JobsPublisherProperties(), new JobsEngineProperties());
	}

}
