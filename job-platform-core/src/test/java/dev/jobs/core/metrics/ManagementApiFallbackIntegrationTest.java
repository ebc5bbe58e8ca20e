package dev.jobs.core.metrics;

import java.net.ServerSocket;
import java.net.URI;

import dev.jobs.core.IntegrationTest;
import dev.jobs.core.delivery.JobTopology;
import dev.jobs.core.job.JobTypeRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/** When the management API does not answer, ready depths and consumers still come, over AMQP. */
class ManagementApiFallbackIntegrationTest extends IntegrationTest {

	@Autowired
	ConnectionFactory connectionFactory;

	@Autowired
	JobTopology topology;

	@Autowired
	JobTypeRegistry registry;

	@Autowired
	dev.jobs.core.job.ApplicationJobStore store;

	@Test
	void unreachableManagementApiLeavesUnackedUnknownAndReadsReadyAndConsumersOverAmqp() throws Exception {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0)) {
			closedPort = socket.getLocalPort();
		}
		ManagementApiQueues unreachable = new ManagementApiQueues(URI.create("http://127.0.0.1:" + closedPort),
				"guest", "guest", connectionFactory.getVirtualHost());
		MeterRegistry meters = new SimpleMeterRegistry();
		JobsGauges gauges = new JobsGauges(store.reads(), connectionFactory, unreachable, topology, registry, meters,
				type -> 0);

		gauges.refresh();

		String queue = topology.workQueue("RECORD");
		assertThat(meters.find("jobs.queue.messages").tag("queue", queue).tag("kind", "unacked").gauge().value())
			.isNaN();
		assertThat(meters.find("jobs.queue.messages").tag("queue", queue).tag("kind", "ready").gauge().value())
			.isGreaterThanOrEqualTo(0.0);
		assertThat(meters.find("jobs.queue.consumers").tag("queue", queue).gauge().value())
			.as("this context's workers consume %s", queue)
			.isGreaterThanOrEqualTo(1.0);
	}

}
