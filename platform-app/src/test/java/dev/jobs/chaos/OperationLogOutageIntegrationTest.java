package dev.jobs.chaos;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import dev.jobs.app.JobsPlatformApplication;
import dev.jobs.app.operationlog.OperationLogProbe;
import dev.jobs.core.PlatformSchema;
import io.micrometer.core.instrument.MeterRegistry;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

/**
 * RabbitMQ goes away for several seconds while 10,000 annotated calls are made: not one entry is
 * lost or doubled. The application reaches the broker through a {@link FaultProxy}, so the cut is
 * real to it (connections reset, new ones refused) while the machine's broker stays up.
 */
class OperationLogOutageIntegrationTest {

	private static final int CALLS = 10_000;

	private static final long OUTAGE_MILLIS = 5_000;

	private FaultProxy rabbit;

	private ConfigurableApplicationContext app;

	@AfterEach
	void stop() {
		if (app != null) {
			app.close();
		}
		if (rabbit != null) {
			rabbit.close();
		}
	}

	@Test
	void brokerOutageDuringTenThousandCallsLosesNoEntry() throws Exception {
		rabbit = new FaultProxy(System.getenv().getOrDefault("JOBS_RABBIT_HOST", "127.0.0.1"),
				Integer.parseInt(System.getenv().getOrDefault("JOBS_RABBIT_PORT", "5672")));
		String prefix = System.getenv().getOrDefault("JOBS_TEST_BROKER_PREFIX", "jobs-test") + "-oplog-outage";
		// Command-line arguments: they outrank application.yml and the test profile's settings.
		app = new SpringApplicationBuilder(JobsPlatformApplication.class).profiles("test")
			.run("--server.port=0", "--management.server.port=0", "--spring.rabbitmq.host=127.0.0.1",
					"--spring.rabbitmq.port=" + rabbit.port, "--jobs.broker.prefix=" + prefix,
					// Reconnect soon after the broker is back, as a production setting would within seconds.
					"--spring.rabbitmq.listener.simple.recovery-interval=500ms", "--spring.mail.host=127.0.0.1",
					"--spring.mail.port=" + AppInstance.freePort());
		OperationLogProbe probe = app.getBean(OperationLogProbe.class);
		MeterRegistry meters = app.getBean(MeterRegistry.class);
		JdbcClient jdbc = app.getBean(PlatformSchema.class).jdbcClient(app.getBean(javax.sql.DataSource.class));
		String run = "outage-" + UUID.randomUUID().toString().substring(0, 8);

		int call = 0;
		for (; call < 3_000; call++) {
			probe.touch(run, call);
		}
		AtomicBoolean down = new AtomicBoolean();
		CountDownLatch back = new CountDownLatch(1);
		Thread outage = new Thread(() -> {
			down.set(true);
			rabbit.cut(OUTAGE_MILLIS);
			back.countDown();
		}, "rabbit-outage");
		outage.start();
		// 4,000 calls spread over the outage, watching the journal hold what the broker cannot take (the pause
		// between calls shapes the load, it waits for nothing).
		double journalled = 0;
		long spacing = TimeUnit.MILLISECONDS.toNanos(OUTAGE_MILLIS) / 4_000;
		for (; call < 7_000; call++) {
			probe.touch(run, call);
			LockSupport.parkNanos(spacing);
			journalled = Math.max(journalled, meters.get("jobs.operation-log.journal.segments").gauge().value());
		}
		assertThat(down).isTrue();
		assertThat(back.await(OUTAGE_MILLIS * 2, TimeUnit.MILLISECONDS)).isTrue();
		assertThat(journalled).as("journal segments waiting for the broker during the outage").isGreaterThan(10);
		assertThat(meters.get("jobs.operation-log.send-failures").counter().count())
			.as("sends the broker did not confirm during the outage")
			.isPositive();
		for (; call < CALLS; call++) {
			probe.touch(run, call);
		}

		Duration timeout = Duration.ofSeconds(60);
		AtomicInteger written = new AtomicInteger();
		try {
			await().atMost(timeout).pollInterval(Duration.ofMillis(200)).until(() -> {
				written.set(jdbc.sql("SELECT count(*) FROM {jobs}.operation_log WHERE action = 'PROBE_TOUCH' AND target LIKE ?")
					.param(run + "-%")
					.query(Integer.class)
					.single());
				return written.get() == CALLS;
			});
		}
		catch (ConditionTimeoutException ex) {
			fail("%d of %d entries written %s after the outage", written.get(), CALLS, timeout);
		}
		int distinct = jdbc.sql("SELECT count(DISTINCT target) FROM {jobs}.operation_log WHERE action = 'PROBE_TOUCH' "
				+ "AND target LIKE ?").param(run + "-%").query(Integer.class).single();
		assertThat(distinct).isEqualTo(CALLS);
		assertThat(meters.get("jobs.operation-log.dropped").counter().count()).isZero();
	}

}
