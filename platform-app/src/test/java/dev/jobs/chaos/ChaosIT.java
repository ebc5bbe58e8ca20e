package dev.jobs.chaos;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
import dev.jobs.app.TestMailServer;
import org.assertj.core.api.SoftAssertions;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The chaos suite: two real platform processes share the queues while the suite kills one of
 * them, takes RabbitMQ and PostgreSQL away from them (see {@link Faults}), publishes duplicates by
 * hand and fails jobs for good.
 * Each scenario checks that no job is lost and none succeeds twice (from the attempt history), and
 * counts handler side effects; several also count what users count (see {@link SideEffects}): result
 * files, in-app notifications and emails of exports, operation-log entries of the calls. The figures go
 * to {@code target/chaos-report.md}; {@code scripts/publish-chaos.sh} copies them into
 * {@code docs/RELIABILITY.md}.
 *
 * <p>Runs in {@code ./mvnw verify} (failsafe, after the jar is packaged); skip with
 * {@code -Dchaos.skip=true}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ChaosIT {

	private static final Path LOGS = Path.of("target");

	private static final List<String> REPORT = Collections.synchronizedList(new ArrayList<>());

	private static final List<String> SIDE_EFFECTS = Collections.synchronizedList(new ArrayList<>());

	/** Employees in the chaos database: an export of them all runs for a few seconds. */
	private static final int EMPLOYEES = 10_000;

	private static AppInstance a;

	private static AppInstance b;

	private static Faults faults;

	@BeforeAll
	static void startTwoInstances() throws Exception {
		Ledger.ensureDatabase();
		faults = new Faults();
		a = instance("a");
		b = instance("b");
		SideEffects.prepare();
		SideEffects.seedEmployees(EMPLOYEES);
	}

	private static AppInstance instance(String name, String... extraArguments) {
		// The mail server is not behind a fault proxy: the faults are the broker's, the database's and the workers'.
		Map<String, String> environment = new HashMap<>(faults.environment());
		environment.put("JOBS_SMTP_HOST", "127.0.0.1");
		environment.put("JOBS_SMTP_PORT", String.valueOf(TestMailServer.port()));
		return new AppInstance(name, LOGS, environment).start(extraArguments);
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
		TestMailServer.stop();
		writeReport();
	}

	@Test
	@Order(1)
	void killedInstanceLosesNoJobAndNoneSucceedsTwice() throws Exception {
		int calls = SideEffects.mark();
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
		// The killed instance's journal is adopted by its restart: its calls' entries arrive late, not never.
		assertSideEffects("kill -9 one of two instances while it runs SLEEP jobs",
				SideEffects.count(SideEffects.callsSince(calls), List.of(), Duration.ofSeconds(60)));
	}

	@Test
	@Order(2)
	void brokerOutageDuringTwoThousandSubmissionsLosesNothing() throws Exception {
		int total = 2000;
		AtomicInteger submitted = new AtomicInteger();
		List<UUID> ids = Collections.synchronizedList(new ArrayList<>());
		List<String> refused = Collections.synchronizedList(new ArrayList<>());
		int calls = SideEffects.mark();
		List<UUID> exports = exports(a, 2);
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
			await("a fifth of the jobs submitted").atMost(Duration.ofSeconds(60))
				.pollInterval(Duration.ofMillis(10))
				.until(() -> submitted.get() >= total / 5);
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
		assertSideEffects("RabbitMQ down for 3 s: 2,000 NOOP submissions, 2 employee exports",
				SideEffects.count(SideEffects.callsSince(calls), exports, Duration.ofSeconds(120)));
	}

	@Test
	@Order(3)
	void databaseOutageWhileJobsRunIsRecoveredWithoutHelp() throws Exception {
		int calls = SideEffects.mark();
		List<UUID> ids = submit(b, 30, "{\"type\": \"SLEEP\", \"payload\": {\"millis\": 1000, \"recordEffect\": true}}");
		Ledger.awaitRunningOn("chaos-b", ids, 2, Duration.ofSeconds(30));
		// An export in the middle of its file when the database goes (one of 10,000 rows takes a second or more).
		List<UUID> exports = exports(b, 3);
		awaitRunningAnywhere(exports, 1, Duration.ofSeconds(30));

		Instant fault = Instant.now();
		String outage = faults.databaseOutage();
		Ledger.awaitTerminal(ids, Duration.ofSeconds(180));
		Duration recovery = Duration.between(fault, Instant.now());

		Ledger.Outcome outcome = Ledger.outcome(ids);
		report("PostgreSQL down while SLEEP jobs run", outage, outcome, recovery);
		assertNothingLostNothingDoubled(outcome);
		assertThat(a.isAlive() && b.isAlive()).as("both instances survived").isTrue();
		assertSideEffects("PostgreSQL down while 30 SLEEP jobs and 3 employee exports run",
				SideEffects.count(SideEffects.callsSince(calls), exports, Duration.ofSeconds(120)));
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
			await().atMost(Duration.ofSeconds(30))
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
		runB("--jobs.types.SLEEP.prefetch=5", "--jobs.types.SLEEP.concurrency=2", "--jobs.worker.drain-timeout=1s");
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
		assertThat(Ledger.count("select count(*) from {jobs}.job_attempt where job_id = any(?) "
				+ "and outcome not in ('SUCCEEDED', 'HANDED_BACK')", ids)).as("attempts burned by the stop").isZero();
		assertThat(outcome.rerunEffects()).as("handlers that ran to the end twice").isZero();
		// Back as the next scenario wants it: an instance's start is ~25 s of the suite's time.
		runB(BATCHES);
	}

	@Test
	@Order(7)
	void killInTheMiddleOfABatchLosesNoJobAndNoneSucceedsTwice() throws Exception {
		// Batches of up to five per consumer: a kill finds claims running, claims held behind them in
		// their batch, and successes of short jobs waiting to be recorded with the rest of the batch.
		runB(BATCHES);
		int calls = SideEffects.mark();
		List<UUID> ids = new ArrayList<>();
		List<UUID> exports = new ArrayList<>();
		for (int i = 0; i < 60; i++) {
			long millis = (i % 3 == 0) ? 1500 : 20;
			ids.addAll(submit(b, 1, "{\"type\": \"SLEEP\", \"payload\": {\"millis\": " + millis
					+ ", \"recordEffect\": true}}"));
			if (i == 30) {
				// In the middle of the SLEEP jobs, so that both are still running when the condition below is met.
				exports.addAll(exports(b, 4));
			}
		}
		// More running on b than its two consumers run at once (batches are held), and, if the machine's
		// pace allows (both are seconds long), an export of b's in the middle of its file.
		boolean exportOnB = awaitOn("chaos-b", ids, 4, exports, 1, Duration.ofSeconds(30));
		if (!exportOnB) {
			Ledger.awaitRunningOn("chaos-b", ids, 4, Duration.ofSeconds(30));
		}

		Instant fault = Instant.now();
		b.kill();
		Ledger.awaitTerminal(ids, Duration.ofSeconds(180));
		Duration recovery = Duration.between(fault, Instant.now());
		// Back as the next scenario wants it; any start adopts the killed instance's operation-log journal.
		runB(HELD_CLAIMS);

		Ledger.Outcome outcome = Ledger.outcome(ids);
		report("kill -9 one of two instances in the middle of batches (SLEEP prefetch 5, short and long jobs)",
				"1 SIGKILL", outcome, recovery);
		assertNothingLostNothingDoubled(outcome);
		assertSideEffects("kill -9 in the middle of batches: 60 SLEEP jobs, 4 employee exports"
				+ (exportOnB ? " (one of b's running at the kill)" : " (none of b's running at the kill)"),
				SideEffects.count(SideEffects.callsSince(calls), exports, Duration.ofSeconds(120)));
	}

	@Test
	@Order(8)
	void killWithClaimsHeldInABatchFailsOnlyJobsWhoseHandlerWasRunning() throws Exception {
		// One consumer that holds up to five claims but runs one at a time, with no attempt to spare: a kill
		// finds one handler running and the rest of its batch claimed behind it, never started. Only the
		// running one may spend its only attempt; the others must be run by the other instance.
		runB(HELD_CLAIMS);
		List<UUID> ids = submit(b, 16,
				"{\"type\": \"SLEEP\", \"payload\": {\"millis\": 3000, \"recordEffect\": true}, \"maxAttempts\": 1}");
		// Claims held behind the running handler, and that handler a third of the way through its 3 s:
		// the next one on b cannot start before the kill.
		awaitCondition("claims held behind a running handler on chaos-b", Duration.ofSeconds(60),
				() -> Ledger.runningOn("chaos-b", ids) >= 3 && Ledger.mostProgressOn("chaos-b", ids) >= 1000);

		Instant fault = Instant.now();
		b.kill();
		Map<Boolean, Set<UUID>> onB = Ledger.runningOnByStarted("chaos-b", ids);
		Set<UUID> started = onB.get(true);
		Set<UUID> held = onB.get(false);
		Ledger.awaitTerminal(ids, Duration.ofSeconds(120));
		Duration recovery = Duration.between(fault, Instant.now());

		Ledger.Outcome outcome = Ledger.outcome(ids);
		Set<UUID> failed = Ledger.inStatus("FAILED", ids);
		Set<UUID> failedUnstarted = new HashSet<>(failed);
		failedUnstarted.removeAll(started);
		report("kill -9 with claims held in a batch, max-attempts 1 (SLEEP concurrency 1, prefetch 5): " + held.size()
				+ " claims held, " + started.size() + " running; FAILED " + failed.size() + ", of them never started "
				+ failedUnstarted.size(), "1 SIGKILL", outcome, recovery);
		assertThat(held).as("claims held behind the running handler when the instance died").isNotEmpty();
		assertThat(outcome.lost()).as("jobs lost").isZero();
		assertThat(outcome.doubled()).as("jobs that succeeded twice").isZero();
		assertThat(failedUnstarted)
			.as("jobs that ended FAILED although their handler never ran (their only attempt spent by the crash); "
					+ "held claims %s, running %s", held, started)
			.isEmpty();
		assertThat(outcome.succeeded()).as("jobs succeeded, of %d; statuses %s", outcome.jobs(), outcome.statuses())
			.isEqualTo(outcome.jobs() - failed.size());
	}

	/** b in the batch-kill scenario: two consumers holding up to five claims each. */
	private static final String[] BATCHES = { "--jobs.types.SLEEP.prefetch=5", "--jobs.types.SLEEP.concurrency=2" };

	/** The settings b runs with now (none: the defaults). */
	private static List<String> bSettings = List.of();

	/**
	 * Makes b run with these settings: left alone if it already does (a scenario that restarts b anyway
	 * restarts it as the next one wants it), else stopped if it runs and started with them.
	 */
	@Test
	@Order(9)
	void killInTheMiddleOfABatchEndsEveryMemberOnceAndFiresEachCallbackOnce() throws Exception {
		// A batch of SLEEP members, short and long, submitted to b, which runs them in batches of deliveries; its
		// callbacks record an effect each time they run. b is killed while members run: the members it held come
		// back through the lease reaper, and the batch's count, kept in the transaction of each member's end, must
		// still add up to one release of each callback.
		runB(BATCHES);
		StringBuilder members = new StringBuilder();
		for (int i = 0; i < 60; i++) {
			long millis = (i % 3 == 0) ? 1500 : 20;
			members.append((i == 0) ? "" : ",").append("{\"type\": \"SLEEP\", \"payload\": {\"millis\": ")
				.append(millis).append(", \"recordEffect\": true}}");
		}
		String callback = "{\"type\": \"SLEEP\", \"payload\": {\"millis\": 10, \"recordEffect\": true}}";
		HttpResponse<String> response = b.post("/api/batches", "{\"description\": \"chaos\", \"members\": [" + members
				+ "], \"callbacks\": {\"onSuccess\": " + callback + ", \"onComplete\": " + callback + "}}");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
		UUID batch = id(response.body());
		List<UUID> ids = Ledger.ids("select id from {jobs}.job where batch_id = ?", batch);
		List<UUID> callbacks = Ledger.ids("select job_id from {jobs}.job_batch_callback where batch_id = ?", batch);
		assertThat(ids).hasSize(60);
		assertThat(callbacks).hasSize(2);
		Ledger.awaitRunningOn("chaos-b", ids, 3, Duration.ofSeconds(30));

		Instant fault = Instant.now();
		b.kill();
		Ledger.awaitTerminal(ids, Duration.ofSeconds(180));
		Ledger.awaitTerminal(callbacks, Duration.ofSeconds(60));
		Duration recovery = Duration.between(fault, Instant.now());
		runB(HELD_CLAIMS);

		Ledger.Outcome outcome = Ledger.outcome(ids);
		Ledger.Outcome fired = Ledger.outcome(callbacks);
		report("kill -9 one of two instances in the middle of a batch of 60 SLEEP jobs (2 callbacks)", "1 SIGKILL",
				outcome, recovery);
		assertNothingLostNothingDoubled(outcome);
		assertThat(fired.succeeded()).as("callbacks that ran, of 2; statuses %s", fired.statuses()).isEqualTo(2);
		assertThat(fired.doubled()).as("callbacks that succeeded twice").isZero();
		assertThat(fired.rerunEffects()).as("callbacks whose effect was recorded twice").isZero();
		for (UUID id : callbacks) {
			assertThat(Ledger.attempts(id)).as("attempts of callback %s", id).isEqualTo(1);
		}
	}

	private static void runB(String... settings) throws InterruptedException {
		if (b != null && b.isAlive() && bSettings.equals(List.of(settings))) {
			return;
		}
		if (b != null) {
			b.close();
		}
		b = instance("b", settings);
		bSettings = List.of(settings);
	}

	/** b in the held-claims scenario: one consumer holding up to five claims, one attempt per job. */
	private static final String[] HELD_CLAIMS = { "--jobs.types.SLEEP.prefetch=5", "--jobs.types.SLEEP.concurrency=1",
			"--jobs.types.SLEEP.max-attempts=1" };

	/** Submits employee exports of every employee (XLSX) as the owner; their ids. */
	private static List<UUID> exports(AppInstance instance, int count) throws Exception {
		List<UUID> ids = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			HttpResponse<String> response = instance.post("/api/employ/export/async?format=XLSX", "");
			assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
			Matcher task = TASK_ID.matcher(response.body());
			assertThat(task.find()).as(response.body()).isTrue();
			ids.add(UUID.fromString(task.group(1)));
		}
		return ids;
	}

	private static final Pattern TASK_ID = Pattern.compile("\"taskId\":\"([0-9a-f-]{36})\"");

	private interface Condition {

		boolean holds() throws Exception;

	}

	private static void awaitCondition(String what, Duration timeout, Condition condition) throws Exception {
		try {
			await(what).atMost(timeout)
				.pollInterval(Duration.ofMillis(50))
				.ignoreExceptionsInstanceOf(SQLException.class)
				.until(condition::holds);
		}
		catch (ConditionTimeoutException ex) {
			throw new AssertionError("Not reached within " + timeout + ": " + what, ex);
		}
	}

	/** Waits until, at the same time, enough of both sets of jobs run on the worker; whether they did. */
	private static boolean awaitOn(String workerId, List<UUID> jobs, int wantedJobs, List<UUID> exports,
			int wantedExports, Duration timeout) throws Exception {
		try {
			awaitCondition(wantedJobs + " jobs and " + wantedExports + " exports running on " + workerId, timeout,
					() -> Ledger.runningOn(workerId, jobs) >= wantedJobs
							&& Ledger.runningOn(workerId, exports) >= wantedExports);
			return true;
		}
		catch (AssertionError ex) {
			return false;
		}
	}

	private static void awaitRunningAnywhere(List<UUID> jobs, int wanted, Duration timeout) throws Exception {
		awaitCondition(wanted + " of the jobs running", timeout,
				() -> Ledger.count("select count(*) from {jobs}.job where id = any(?) and status = 'RUNNING'", jobs) >= wanted);
	}

	private static void assertSideEffects(String scenario, SideEffects.Counts c) {
		SIDE_EFFECTS.add("| " + scenario + " | " + c.calls() + " | " + c.logMissing() + " (" + c.logMissingInWindow()
				+ ") | " + c.logDoubled() + " | " + c.exports() + " (" + c.exportsSucceeded() + " / " + c.exportsFailed()
				+ ") | " + c.files() + " | " + c.filesWrong() + " | " + c.partials() + " | " + c.inApp() + " | "
				+ c.inAppWrong() + " | " + c.emailJobs() + " / " + c.emails() + " | " + c.emailsMissing() + " | "
				+ c.emailsUncertain() + " | "
				+ c.emailsDoubledWarned() + " | " + c.emailsDoubledSilently() + " |");
		SoftAssertions soft = new SoftAssertions();
		soft.assertThat(c.logMissing()).as("calls without an operation-log entry, outside the crash window").isZero();
		soft.assertThat(c.logDoubled()).as("calls with more than one operation-log entry").isZero();
		soft.assertThat(c.exportsSucceeded()).as("exports that succeeded, of %d", c.exports()).isEqualTo(c.exports());
		soft.assertThat(c.filesWrong()).as("succeeded exports without their file, or files of exports that did not succeed")
			.isZero();
		soft.assertThat(c.partials()).as("unfinished result files left in the result directory").isZero();
		soft.assertThat(c.inAppWrong()).as("ended exports without exactly one in-app notification").isZero();
		soft.assertThat(c.emailJobs()).as("email notification jobs, one per ended export")
			.isEqualTo(c.exportsSucceeded() + c.exportsFailed());
		soft.assertThat(c.emailsMissing()).as("sent emails that never arrived").isZero();
		soft.assertThat(c.emailsDoubledSilently()).as("emails received twice without the uncertain-send warning")
			.isZero();
		soft.assertThat(c.notificationsFailed()).as("notification jobs that ended FAILED").isZero();
		soft.assertAll();
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

	/** Connects to the broker, trying again every 2 s for 5 attempts' time: it may still be coming back. */
	private static Connection connect(ConnectionFactory factory) throws Exception {
		return await("a broker connection").atMost(Duration.ofSeconds(5 * 2 + 4 * 30))
			.pollDelay(Duration.ZERO)
			.pollInterval(Duration.ofSeconds(2))
			.ignoreExceptionsInstanceOf(IOException.class)
			.ignoreExceptionsInstanceOf(java.util.concurrent.TimeoutException.class)
			.until(factory::newConnection, java.util.Objects::nonNull);
	}

	private static void awaitAllSucceeded(List<UUID> ids, Duration timeout) throws Exception {
		try {
			await().atMost(timeout)
				.pollInterval(Duration.ofMillis(200))
				.until(() -> Ledger.count("select count(*) from {jobs}.job where id = any(?) and status <> 'SUCCEEDED'",
						ids) == 0);
		}
		catch (ConditionTimeoutException ex) {
			throw new AssertionError("Not all re-driven jobs succeeded within " + timeout, ex);
		}
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

	/**
	 * Writes the tables to {@code target/chaos-report.md}, between the markers that
	 * {@code scripts/publish-chaos.sh} looks for in {@code docs/RELIABILITY.md}. A test never rewrites a
	 * tracked file.
	 */
	private static void writeReport() throws IOException {
		if (REPORT.isEmpty()) {
			return;
		}
		StringBuilder table = new StringBuilder("<!-- chaos:begin -->\nLast run: ")
			.append(Instant.now().toString().substring(0, 16).replace('T', ' '))
			.append(" UTC, on ")
			.append(Runtime.getRuntime().availableProcessors())
			.append(" cores, two platform instances.\n\n")
			.append("| Scenario | Jobs | Faults injected | Lost | Succeeded twice | Handler ran to the end twice | Time to all terminal after the fault |\n")
			.append("|---|---|---|---|---|---|---|\n")
			.append(String.join("\n", REPORT))
			.append('\n');
		if (!SIDE_EFFECTS.isEmpty()) {
			table.append("\nSide effects, counted per accepted request (operation log: calls to annotated endpoints; "
					+ "exports: `EMPLOYEE_EXPORT` of ")
				.append(String.format("%,d", EMPLOYEES))
				.append(" rows, XLSX, owner with an email address):\n\n")
				.append("| Scenario | Logged calls | Log entries missing (in the crash window) | Log entries doubled "
						+ "| Exports (succeeded / failed) | Result files | Files wrong | Partial files left "
						+ "| In-app notifications | In-app wrong | Email jobs / mails received | Mails missing "
						+ "| Mails `UNCERTAIN` | Mails doubled, warned | Mails doubled, unwarned |\n")
				.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n")
				.append(String.join("\n", SIDE_EFFECTS))
				.append('\n');
		}
		table.append("<!-- chaos:end -->\n");
		Files.createDirectories(LOGS);
		Files.writeString(LOGS.resolve("chaos-report.md"), table.toString());
	}

}
