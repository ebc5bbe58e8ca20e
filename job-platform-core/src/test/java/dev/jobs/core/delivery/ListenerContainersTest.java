package dev.jobs.core.delivery;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import org.springframework.amqp.core.AcknowledgeMode;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.mockito.Mockito.mock;

/**
 * The containers of the job workers and the message consumers (never started here: no broker is
 * involved; {@code WorkerLifecycleIntegrationTest} and {@code MessageDeliveryIntegrationTest} consume).
 */
class ListenerContainersTest {

	private final ConnectionFactory connectionFactory = mock(ConnectionFactory.class);

	@Test
	void everyContainerAcknowledgesManuallyAndStartsOnlyWhenItsOwnerSays() {
		SimpleMessageListenerContainer container = ListenerContainers.newContainer(connectionFactory, "jobs.A",
				"jobs-A", 3);

		assertThat(container.getAcknowledgeMode()).isEqualTo(AcknowledgeMode.MANUAL);
		assertThat(container.isAutoStartup()).isFalse();
		assertThat(container.getListenerId()).isEqualTo("jobs-A");
		assertThat(container.getQueueNames()).containsExactly("jobs.A");
	}

	@Test
	void stoppingAllTellsTheCallerOnceEveryContainerHasStopped() throws Exception {
		ListenerContainers containers = new ListenerContainers("worker for job type");
		containers.add("A", ListenerContainers.newContainer(connectionFactory, "jobs.A", "jobs-A", 1));
		containers.add("B", ListenerContainers.newContainer(connectionFactory, "jobs.B", "jobs-B", 1));
		CountDownLatch stopped = new CountDownLatch(1);

		containers.stopAll(stopped::countDown);

		assertThat(stopped.await(Duration.ofSeconds(10).toMillis(), TimeUnit.MILLISECONDS)).isTrue();
	}

	@Test
	void stoppingNoContainersTellsTheCallerAtOnce() {
		CountDownLatch stopped = new CountDownLatch(1);

		new ListenerContainers("message consumer for type").stopAll(stopped::countDown);

		assertThat(stopped.getCount()).isZero();
	}

	@Test
	void askingForATypeWithoutAContainerSaysWhatIsMissing() {
		ListenerContainers containers = new ListenerContainers("worker for job type");

		assertThatIllegalArgumentException().isThrownBy(() -> containers.stop("NOPE"))
			.withMessage("No worker for job type NOPE");
	}

}
