package dev.jobs.chaos;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chaos suite: two real platform processes share the queues while the suite kills one of
 * them, takes RabbitMQ and PostgreSQL away from them (see {@link Faults}), publishes duplicates by
 * hand and fails jobs for good.
 * Each scenario checks that no job is lost and none succeeds twice (from the attempt history), and
 * counts handler side effects. The figures go to {@code docs/RELIABILITY.md}.
 *
 * <p>Runs in {@code ./mvnw verify} (failsafe, after the jar is packaged); skip with
 * {@code -Dchaos.skip=true}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ChaosIT {

	private static final Path LOGS = Path.of("target");

	private static final List<String> REPORT = Collections.synchronizedList(new ArrayList<>());

	private static AppInstance a;

	private static AppInstance b;

	private static Faults faults;

	@BeforeAll
	static void startTwoInstances() throws Exception {
		Ledger.ensureDatabase();
		faults = new Faults();
		a = instance("a");
		b = instance("b");
	}

	private static AppInstance instance(String name, String... extraArguments) {
		return new AppInstance(name, LOGS, faults.environment()).start(extraArguments);
	}

	@AfterAll
	static void stopAndReport() throws Exception {
		if (a != null) {
			a.close();
		}
		if (b != null) {
			b.close();
		}
		if (faults != null) {
			faults.close();
		}
		writeReport();
	}

	@Test
	@Order(1)
	void killedInstanceLosesNoJobAndNoneSucceedsTwice() throws Exception {
		List<UUID> ids = submit(a, 40, "{\"type\": \"SLEEP\", \"payload\": {\"millis\": 1500, \"recordEffect\": true}}");
		Ledger.awaitRunningOn("chaos-a", ids, 3, Duration.ofSeconds(30));

		Instant fault = Instant.now();
		a.kill();
		Ledger.awaitTerminal(ids, Duration.ofSeconds(120));
		Duration recovery = Duration.between(fault, Instant.now());
		a = instance("a");

		Ledger.Outcome outcome = Ledger.outcome(ids);
		report("kill -9 one of two instances while it runs SLEEP jobs", "1 SIGKILL", outcome, recovery);
		assertNothingLostNothingDoubled(outcome);
	}

	@Test
	@Order(2)
	void brokerOutageDuringTwoThousandSubmissionsLosesNothing() throws Exception {
		int total = 2000;
		AtomicInteger submitted = new AtomicInteger();
		List<UUID> ids = Collections.synchronizedList(new ArrayList<>());
		List<String> refused = Collections.synchronizedList(new ArrayList<>());
		ExecutorService pool = Executors.newFixedThreadPool(8);
		Instant[] brokerBack = new Instant[1];
		String[] fault = new String[1];
		try {
			List<Future<?>> callers = new ArrayList<>();
			for (int t = 0; t < 8; t++) {
				AppInstance target = (t % 2 == 0) ? a : b;
				callers.add(pool.submit(() -> {
					while (submitted.getAndIncrement() < total) {
						HttpResponse<String> response = target.post("/api/jobs", "{\"type\": \"NOOP\"}");
						if (response.statusCode() == 202) {
							ids.add(id(response.body()));
						}
						else {
							refused.add(response.statusCode() + " " + response.body());
						}
					}
					return null;
				}));
			}
			while (submitted.get() < total / 5) {
				AppInstance.sleep(10);
			}
			fault[0] = faults.brokerOutage(3000);
			brokerBack[0] = Instant.now();
			for (Future<?> caller : callers) {
				caller.get();
			}
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(refused).as("submissions refused while the broker was down").isEmpty();
		Ledger.awaitTerminal(ids, Duration.ofSeconds(240));
		Duration recovery = Duration.between(brokerBack[0], Instant.now());

		Ledger.Outcome outcome = Ledger.outcome(ids);
		report("RabbitMQ down for 3 s while 2,000 NOOP jobs are submitted to two instances", fault[0], outcome,
				recovery);
		assertThat(outcome.jobs()).isEqualTo(total);
		assertNothingLostNothingDoubled(outcome);
	}

	@Test
	@Order(3)
	void databaseOutageWhileJobsRunIsRecoveredWithoutHelp() throws Exception {
		List<UUID> ids = submit(b, 30, "{\"type\": \"SLEEP\", \"payload\": {\"millis\": 1000, \"recordEffect\": true}}");
		Ledger.awaitRunningOn("chaos-b", ids, 2, Duration.ofSeconds(30));

		Instant fault = Instant.now();
		String outage = faults.databaseOutage();
		Ledger.awaitTerminal(ids, Duration.ofSeconds(180));
		Duration recovery = Duration.between(fault, Instant.now());

		Ledger.Outcome outcome = Ledger.outcome(ids);
		report("PostgreSQL down while SLEEP jobs run", outage, outcome, recovery);
		assertNothingLostNothingDoubled(outcome);
		assertThat(a.isAlive() && b.isAlive()).as("both instances survived").isTrue();
	}

	@Test
	@Order(4)
	void duplicatedMessagesRunEachJobOnce() throws Exception {
		List<UUID> ids = submit(a, 10, "{\"type\": \"SLEEP\", \"payload\": {\"millis\": 300, \"recordEffect\": true}}");
		try (Connection connection = connect(brokerConnections()); Channel channel = connection.createChannel()) {
			for (UUID id : ids) {
				byte[] body = ("{\"jobId\": \"" + id + "\", \"type\": \"SLEEP\", \"attempt\": 0}")
					.getBytes(StandardCharsets.UTF_8);
				for (int copy = 0; copy < 5; copy++) {
					channel.basicPublish(ChaosSettings.brokerPrefix(), "SLEEP", new AMQP.BasicProperties.Builder().build(), body);
				}
			}
		}
		Instant start = Instant.now();
		Ledger.awaitTerminal(ids, Duration.ofSeconds(60));

		Ledger.Outcome outcome = Ledger.outcome(ids);
		report("publish 5 extra copies of every job's message by hand", "50 duplicate messages", outcome,
				Duration.between(start, Instant.now()));
		assertNothingLostNothingDoubled(outcome);
		assertThat(outcome.rerunEffects()).as("handlers that ran twice without any crash").isZero();
	}

	@Test
	@Order(5)
	void jobsThatKeepFailingAreParkedAndTheRedriveRunsThemAgain() throws Exception {
		b.post("/api/job-types/SLEEP/dead-letters/redrive", ""); // start from an empty dead-letter queue
		List<UUID> ids = submit(b, 5,
				"{\"type\": \"SLEEP\", \"payload\": {\"millis\": 0, \"failTimes\": 3}, \"maxAttempts\": 2}");
		Ledger.awaitTerminal(ids, Duration.ofSeconds(60));
		assertThat(Ledger.outcome(ids).statuses()).containsEntry("FAILED", 5);
		// The dead-letter publish follows the commit: wait until all five are parked.
		try (Connection connection = connect(brokerConnections()); Channel channel = connection.createChannel()) {
			org.awaitility.Awaitility.await()
				.atMost(Duration.ofSeconds(30))
				.until(() -> channel.queueDeclarePassive(ChaosSettings.brokerPrefix() + ".SLEEP.dlq").getMessageCount() >= 5);
		}

		HttpResponse<String> redrive = b.post("/api/job-types/SLEEP/dead-letters/redrive", "");
		assertThat(redrive.body()).contains("\"redriven\":5");
		Instant start = Instant.now();
		awaitAllSucceeded(ids, Duration.ofSeconds(60));

		Ledger.Outcome outcome = Ledger.outcome(ids);
		report("handler fails every attempt (2 of 2), jobs parked in the DLQ, then re-driven", "10 failed attempts",
				outcome, Duration.between(start, Instant.now()));
		assertNothingLostNothingDoubled(outcome);
		for (UUID id : ids) {
			assertThat(Ledger.attempts(id)).isEqualTo(4);
		}
		assertThat(b.post("/api/job-types/SLEEP/dead-letters/redrive", "").body()).contains("\"redriven\":0");
	}

	@Test
	@Order(6)
	void gracefulStopUnderLoadWithPrefetchBurnsNoAttemptAndRunsEveryJobOnce() throws Exception {
		// b holds five messages per consumer; a short drain hands its running jobs back.
		b.close();
		b = instance("b", "--jobs.types.SLEEP.prefetch=5", "--jobs.types.SLEEP.concurrency=2",
				"--jobs.worker.drain-timeout=1s");
		List<UUID> ids = submit(b, 60, "{\"type\": \"SLEEP\", \"payload\": {\"millis\": 1500, \"recordEffect\": true}}");
		Ledger.awaitRunningOn("chaos-b", ids, 2, Duration.ofSeconds(30));

		Instant stop = Instant.now();
		b.close(); // SIGTERM: the graceful stop
		Ledger.awaitTerminal(ids, Duration.ofSeconds(180));
		Duration recovery = Duration.between(stop, Instant.now());

		Ledger.Outcome outcome = Ledger.outcome(ids);
		report("graceful stop of one of two instances under load (prefetch 5, drain 1 s)", "1 SIGTERM", outcome,
				recovery);
		assertNothingLostNothingDoubled(outcome);
		assertThat(Ledger.count("select count(*) from job_attempt where job_id = any(?) "
				+ "and outcome not in ('SUCCEEDED', 'HANDED_BACK')", ids)).as("attempts burned by the stop").isZero();
		assertThat(outcome.rerunEffects()).as("handlers that ran to the end twice").isZero();
		b = instance("b");
	}

	@Test
	@Order(7)
	void killInTheMiddleOfABatchLosesNoJobAndNoneSucceedsTwice() throws Exception {
		// Batches of up to five per consumer: a kill finds claims running, claims held behind them in
		// their batch, and successes of short jobs waiting to be recorded with the rest of the batch.
		b.close();
		b = instance("b", "--jobs.types.SLEEP.prefetch=5", "--jobs.types.SLEEP.concurrency=2");
		List<UUID> ids = new ArrayList<>();
		for (int i = 0; i < 60; i++) {
			long millis = (i % 3 == 0) ? 1500 : 20;
			ids.addAll(submit(b, 1, "{\"type\": \"SLEEP\", \"payload\": {\"millis\": " + millis
					+ ", \"recordEffect\": true}}"));
		}
		// More running on b than its two consumers run at once: batches are held.
		Ledger.awaitRunningOn("chaos-b", ids, 4, Duration.ofSeconds(30));

		Instant fault = Instant.now();
		b.kill();
		Ledger.awaitTerminal(ids, Duration.ofSeconds(180));
		Duration recovery = Duration.between(fault, Instant.now());
		b = instance("b");

		Ledger.Outcome outcome = Ledger.outcome(ids);
		report("kill -9 one of two instances in the middle of batches (SLEEP prefetch 5, short and long jobs)",
				"1 SIGKILL", outcome, recovery);
		assertNothingLostNothingDoubled(outcome);
	}

	private static ConnectionFactory brokerConnections() {
		ConnectionFactory factory = new ConnectionFactory();
		factory.setHost(ChaosSettings.rabbitHost());
		factory.setPort(ChaosSettings.rabbitPort());
		factory.setUsername(ChaosSettings.rabbitUser());
		factory.setPassword(ChaosSettings.rabbitPassword());
		// After a real restart (-Dchaos.restart-services) the broker can be slow to shake hands.
		factory.setConnectionTimeout(30_000);
		factory.setHandshakeTimeout(30_000);
		return factory;
	}

	private static Connection connect(ConnectionFactory factory) throws Exception {
		for (int attempt = 1;; attempt++) {
			try {
				return factory.newConnection();
			}
			catch (IOException | java.util.concurrent.TimeoutException ex) {
				if (attempt == 5) {
					throw ex;
				}
				AppInstance.sleep(2000);
			}
		}
	}

	private static void awaitAllSucceeded(List<UUID> ids, Duration timeout) throws Exception {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < deadline) {
			if (Ledger.count("select count(*) from job where id = any(?) and status <> 'SUCCEEDED'", ids) == 0) {
				return;
			}
			AppInstance.sleep(200);
		}
		throw new AssertionError("Not all re-driven jobs succeeded within " + timeout);
	}

	private static void assertNothingLostNothingDoubled(Ledger.Outcome outcome) {
		assertThat(outcome.lost()).as("jobs lost").isZero();
		assertThat(outcome.doubled()).as("jobs that succeeded twice").isZero();
		assertThat(outcome.succeeded()).as("jobs succeeded, of %d; statuses %s", outcome.jobs(), outcome.statuses())
			.isEqualTo(outcome.jobs());
	}

	private static List<UUID> submit(AppInstance instance, int count, String body) throws Exception {
		List<UUID> ids = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			HttpResponse<String> response = instance.post("/api/jobs", body);
			assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
			ids.add(id(response.body()));
		}
		return ids;
	}

	private static final Pattern ID = Pattern.compile("\"id\":\"([0-9a-f-]{36})\"");

	private static UUID id(String body) {
		Matcher m = ID.matcher(body);
		if (!m.find()) {
			throw new AssertionError("No job id in " + body);
		}
		return UUID.fromString(m.group(1));
	}

	private static void report(String scenario, String faults, Ledger.Outcome o, Duration recovery) {
		REPORT.add("| " + scenario + " | " + o.jobs() + " | " + faults + " | " + o.lost() + " | " + o.doubled() + " | "
				+ o.rerunEffects() + " | " + String.format("%.1f s", recovery.toMillis() / 1000.0) + " |");
	}

	private static void writeReport() throws IOException {
		Path doc = Path.of("..", "docs", "RELIABILITY.md");
		if (REPORT.isEmpty() || !Files.exists(doc)) {
			return;
		}
		String begin = "<!-- chaos:begin -->";
		String end = "<!-- chaos:end -->";
		String table = begin + "\nLast run: " + Instant.now().toString().substring(0, 16).replace('T', ' ')
				+ " UTC, on " + Runtime.getRuntime().availableProcessors() + " cores, two platform instances.\n\n"
				+ "| Scenario | Jobs | Faults injected | Lost | Succeeded twice | Handler ran to the end twice | Time to all terminal after the fault |\n"
				+ "|---|---|---|---|---|---|---|\n" + String.join("\n", REPORT) + "\n" + end;
		String text = Files.readString(doc);
		int from = text.indexOf(begin);
		int to = text.indexOf(end);
		if (from >= 0 && to > from) {
			text = text.substring(0, from) + table + text.substring(to + end.length());
			Files.writeString(doc, text);
		}
	}

}
