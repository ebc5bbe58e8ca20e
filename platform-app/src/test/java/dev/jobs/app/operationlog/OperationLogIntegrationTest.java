package dev.jobs.app.operationlog;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import dev.jobs.app.IntegrationTest;
import dev.jobs.core.JobStatus;
import dev.jobs.core.SubmitOptions;
import dev.jobs.core.delivery.JobTopology;
import dev.jobs.core.message.MessageHandler;
import dev.jobs.core.message.MessageSender;
import dev.jobs.core.message.ReceivedMessage;
import dev.jobs.types.operationlog.OperationLogEntry;
import dev.jobs.types.operationlog.OperationLogEntry.Outcome;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

/**
 * The operation log end to end, against the real PostgreSQL and RabbitMQ: annotated calls become the
 * right entries (through the buffer, the journal, the broker and the batch consumer), failures are
 * logged and still thrown, logging failures never fail the call, redelivery writes nothing twice, a
 * bad message is parked without losing its batch, and the read endpoint's rules.
 */
class OperationLogIntegrationTest extends IntegrationTest {

	private static final Duration ENTRY_TIMEOUT = Duration.ofSeconds(20);

	private static final Duration POLL = Duration.ofMillis(50);

	@Autowired
	OperationLogProbe probe;

	@Autowired
	MessageSender sender;

	@Autowired
	@Qualifier("operationLogHandler")
	MessageHandler<OperationLogEntry> handler;

	@Autowired
	JobTopology topology;

	@Autowired
	ConnectionFactory connectionFactory;

	private static String unique(String prefix) {
		return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
	}

	/**
	 * When this test began (a new instance per test): entries of earlier tests and runs do not count,
	 * since targets such as token ids start again when a test empties the token table.
	 */
	private final Instant testStarted = Instant.now();

	private Map<String, Object> awaitEntry(String action, String target, Outcome outcome) {
		return await("a %s entry %s for target %s".formatted(outcome, action, target)).atMost(ENTRY_TIMEOUT)
			.pollInterval(POLL)
			.until(() -> jdbc
				.sql("SELECT *, arguments::text AS arguments_json, diff::text AS diff_json FROM {jobs}.operation_log "
						+ "WHERE action = ? AND target = ? AND outcome = ? AND occurred_at >= ?")
				.params(action, target, outcome.name(), java.sql.Timestamp.from(testStarted))
				.query()
				.listOfRows()
				.stream()
				.findFirst(), Optional::isPresent)
			.get();
	}

	private int count(String action, String target) {
		return jdbc.sql("SELECT count(*) FROM {jobs}.operation_log WHERE action = ? AND target = ? AND occurred_at >= ?")
			.params(action, target, java.sql.Timestamp.from(testStarted))
			.query(Integer.class)
			.single();
	}

	@Test
	void createdUserIsLoggedWithWhoWhatWhereAndTheMaskedPassword() {
		String username = unique("oplog");
		String password = "Unguessable-" + UUID.randomUUID();
		String correlation = unique("corr");
		HttpResponse<byte[]> created = send(HttpRequest.newBuilder(url("/api/users"))
			.header("Authorization", Account.ADMIN.basic())
			.header("Content-Type", "application/json")
			.header("User-Agent", "oplog-test-agent")
			.header("X-Correlation-Id", correlation)
			.POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"" + username
					+ "\",\"displayName\":\"Han Meimei\",\"role\":\"USER\",\"password\":\"" + password + "\"}")));
		assertThat(created.statusCode()).as(new String(created.body())).isEqualTo(201);

		Map<String, Object> entry = awaitEntry("USER_CREATE", username, Outcome.SUCCESS);
		assertThat(entry.get("username")).isEqualTo(Account.ADMIN.username());
		assertThat(entry.get("message")).isEqualTo("created user " + username + " (Han Meimei) with role USER");
		assertThat(entry.get("http_method")).isEqualTo("POST");
		assertThat(entry.get("path")).isEqualTo("/api/users");
		assertThat(entry.get("user_agent")).isEqualTo("oplog-test-agent");
		assertThat(entry.get("correlation_id")).isEqualTo(correlation);
		assertThat((String) entry.get("client_ip")).isIn("127.0.0.1", "0:0:0:0:0:0:0:1");
		assertThat(entry.get("error_type")).isNull();
		assertThat((Long) entry.get("duration_ms")).isNotNegative();
		JsonNode arguments = json.readTree((String) entry.get("arguments_json"));
		assertThat(arguments.at("/request/username").asString()).isEqualTo(username);
		assertThat(arguments.at("/request/password").asString()).isEqualTo("******");
		assertThat(entry.values().stream().map(String::valueOf)).noneMatch(value -> value.contains(password));
	}

	@Test
	void refusedRequestIsLoggedAsFailureAndTheCallerStillGetsTheError() {
		String username = unique("oplog-twice");
		String body = "{\"username\":\"" + username
				+ "\",\"displayName\":\"Twice\",\"role\":\"USER\",\"password\":\"Long-enough-password-1\"}";
		assertThat(post("/api/users", body, Account.ADMIN).statusCode()).isEqualTo(201);
		HttpResponse<byte[]> again = post("/api/users", body, Account.ADMIN);
		assertProblem(again, 409, "username-taken");

		Map<String, Object> entry = awaitEntry("USER_CREATE", username, Outcome.FAILURE);
		assertThat(entry.get("error_type")).isEqualTo("dev.jobs.app.security.UsernameTakenException");
		assertThat((String) entry.get("message")).startsWith("could not create user " + username + ": The username "
				+ username + " is taken");
		assertThat(count("USER_CREATE", username)).isEqualTo(2);
	}

	@Test
	void failingBusinessMethodIsLoggedAsFailureAndStillThrows() {
		String id = unique("fail");
		assertThatIllegalStateException().isThrownBy(() -> probe.fail(id)).withMessage("the business rule said no");

		Map<String, Object> entry = awaitEntry("PROBE_FAIL", id, Outcome.FAILURE);
		assertThat(entry.get("message")).isEqualTo("could not do " + id + ": the business rule said no");
		assertThat(entry.get("error_type")).isEqualTo("java.lang.IllegalStateException");
		assertThat(entry.get("error_message")).isEqualTo("the business rule said no");
		assertThat(entry.get("username")).isEqualTo("system"); // no request: a call from inside the application
	}

	@Test
	void updateRecordsTheDiffOfMarkedFieldsFunctionsAndMasksSecretsInTheMessage() {
		String id = unique("emp");
		probe.hire(new OperationLogProbe.Employee(id, "Li Lei", 12000, "D1", "new"));
		probe.update(id, new OperationLogProbe.Change("Li Lei", 13500, "D1", "hunter2-" + id));

		Map<String, Object> entry = awaitEntry("PROBE_UPDATE", id, Outcome.SUCCESS);
		assertThat(entry.get("message"))
			.isEqualTo("updated Li Lei: salary: 12000 → 13500; in Department D1; password ******");
		JsonNode diff = json.readTree((String) entry.get("diff_json"));
		assertThat(diff.size()).isEqualTo(1);
		assertThat(diff.get(0).get("field").asString()).isEqualTo("salary");
		assertThat(diff.get(0).get("before").asString()).isEqualTo("12000");
		assertThat(diff.get(0).get("after").asString()).isEqualTo("13500");
		JsonNode arguments = json.readTree((String) entry.get("arguments_json"));
		assertThat(arguments.at("/cmd/password").asString()).isEqualTo("******");
		assertThat(arguments.at("/cmd/salary").asInt()).isEqualTo(13500);
		assertThat(arguments.toString()).doesNotContain("hunter2");
	}

	@Test
	void loggingFailuresNeverFailTheCall() {
		String id = unique("broken");
		assertThat(probe.brokenTemplate(id, new OperationLogProbe.Change("X", 1, null, null))).isEqualTo("done " + id);
		assertThat(probe.brokenFunction(id)).isEqualTo("done " + id);

		Map<String, Object> entry = awaitEntry("PROBE_BROKEN_TEMPLATE", id, Outcome.SUCCESS);
		assertThat((String) entry.get("message")).startsWith("[success could not be rendered");
		await("entry of the call whose target function threw").atMost(ENTRY_TIMEOUT)
			.pollInterval(POLL)
			.until(() -> jdbc
				.sql("SELECT count(*) FROM {jobs}.operation_log WHERE action = 'PROBE_BROKEN_FUNCTION' AND message = ?")
				.param("did " + id)
				.query(Integer.class)
				.single() > 0);
	}

	@Test
	void conditionDecidesWhetherTheCallIsRecorded() {
		String skipped = unique("skip");
		String recorded = unique("keep");
		probe.conditional(skipped, false);
		probe.conditional(recorded, true);
		awaitEntry("PROBE_CONDITIONAL", recorded, Outcome.SUCCESS);
		assertThat(count("PROBE_CONDITIONAL", skipped)).isZero();
	}

	private OperationLogEntry entry(String action, String target) {
		return new OperationLogEntry(UUID.randomUUID(), Instant.now(), "tester", action, target, "message " + target,
				Outcome.SUCCESS, null, null, 1, null, null, null, null, null, null, null);
	}

	@Test
	void redeliveredEntriesAreWrittenOnce() throws Exception {
		String action = unique("REDELIVERED").toUpperCase().replace('-', '_');
		List<OperationLogEntry> entries = List.of(entry(action, "a"), entry(action, "b"), entry(action, "c"));
		List<MessageSender.Outgoing> messages = entries.stream()
			.map(e -> new MessageSender.Outgoing(e.id().toString(), e))
			.toList();
		// Sent twice (as a journal segment is after a lost confirm), and a repeat inside one message batch.
		List<MessageSender.Outgoing> twiceInOneBatch = new ArrayList<>(messages);
		twiceInOneBatch.addAll(messages);
		sender.send("OPERATION_LOG", twiceInOneBatch).get();
		sender.send("OPERATION_LOG", messages).get();
		// And handed to the handler again directly, as a batch redelivered after a crash before its ack.
		handler.handleBatch(entries.stream().map(e -> new ReceivedMessage<>(e.id().toString(), e, true)).toList());

		awaitEntry(action, "c", Outcome.SUCCESS);
		awaitQueueEmpty(topology.workQueue("OPERATION_LOG"));
		for (OperationLogEntry e : entries) {
			assertThat(jdbc.sql("SELECT count(*) FROM {jobs}.operation_log WHERE id = ?").param(e.id()).query(Integer.class).single())
				.isEqualTo(1);
		}
		assertThat(jdbc.sql("SELECT count(*) FROM {jobs}.operation_log WHERE action = ?").param(action).query(Integer.class).single())
			.isEqualTo(3);
	}

	@Test
	void packedMessageRedeliveredAndReSentWritesEachEntryOnce() throws Exception {
		String action = unique("PACKED").toUpperCase().replace('-', '_');
		List<OperationLogEntry> entries = new ArrayList<>();
		for (int i = 0; i < 250; i++) {
			entries.add(entry(action, "p" + i));
		}
		List<MessageSender.Outgoing> items = entries.stream()
			.map(e -> new MessageSender.Outgoing(e.id().toString(), e))
			.toList();
		// The journal's way: packed; then the same chunk again (a lost confirm), and an overlapping one.
		sender.sendPacked("OPERATION_LOG", items).get();
		sender.sendPacked("OPERATION_LOG", items).get();
		sender.sendPacked("OPERATION_LOG", items.subList(100, 250)).get();

		awaitEntry(action, "p249", Outcome.SUCCESS);
		awaitQueueEmpty(topology.workQueue("OPERATION_LOG"));
		assertThat(jdbc.sql("SELECT count(*) FROM {jobs}.operation_log WHERE action = ?").param(action).query(Integer.class).single())
			.isEqualTo(250);
		assertThat(jdbc.sql("SELECT count(DISTINCT id) FROM {jobs}.operation_log WHERE action = ?").param(action)
			.query(Integer.class).single()).isEqualTo(250);
	}

	@Test
	void packedMessageWithOneBadEntryParksOnlyThatEntry() throws Exception {
		String action = unique("PACKED_BAD").toUpperCase().replace('-', '_');
		RabbitTemplate rabbit = new RabbitTemplate(connectionFactory);
		List<OperationLogEntry> good = List.of(entry(action, "g1"), entry(action, "g2"), entry(action, "g3"));
		// Well-formed, but breaks the entry's rules: no user.
		OperationLogEntry bad = new OperationLogEntry(UUID.randomUUID(), Instant.now(), "", action, "bad", "m",
				Outcome.SUCCESS, null, null, 1, null, null, null, null, null, null, null);
		List<MessageSender.Outgoing> items = new ArrayList<>();
		for (OperationLogEntry e : List.of(good.get(0), good.get(1), bad, good.get(2))) {
			items.add(new MessageSender.Outgoing(e.id().toString(), e));
		}
		sender.sendPacked("OPERATION_LOG", items).get();

		for (String target : List.of("g1", "g2", "g3")) {
			awaitEntry(action, target, Outcome.SUCCESS);
		}
		Message parked = awaitParked(rabbit, bad.id().toString());
		assertThat(parked).as("the bad entry parked alone, under its own id").isNotNull();
		assertThat((String) parked.getMessageProperties().getHeader("x-job-error")).contains("username");
		assertThat(json.readValue(parked.getBody(), OperationLogEntry.class).id()).isEqualTo(bad.id());
		assertThat(count(action, "bad")).isZero();
	}

	@Test
	void badMessagesAreParkedAndTheRestOfTheirBatchIsWritten() {
		String action = unique("PARKING").toUpperCase().replace('-', '_');
		RabbitTemplate rabbit = new RabbitTemplate(connectionFactory);
		String notJson = unique("not-json");
		String invalid = unique("invalid");
		List<OperationLogEntry> good = List.of(entry(action, "g1"), entry(action, "g2"), entry(action, "g3"));
		publish(rabbit, good.get(0).id().toString(), json.writeValueAsString(good.get(0)));
		publish(rabbit, notJson, "this is not an entry");
		publish(rabbit, good.get(1).id().toString(), json.writeValueAsString(good.get(1)));
		// Well-formed JSON that breaks the entry's rules: no user.
		publish(rabbit, invalid, json.writeValueAsString(new OperationLogEntry(UUID.randomUUID(), Instant.now(), "",
				action, "bad", "m", Outcome.SUCCESS, null, null, 1, null, null, null, null, null, null, null)));
		publish(rabbit, good.get(2).id().toString(), json.writeValueAsString(good.get(2)));

		for (String target : List.of("g1", "g2", "g3")) {
			awaitEntry(action, target, Outcome.SUCCESS);
		}
		Set<String> parked = java.util.concurrent.ConcurrentHashMap.newKeySet();
		try {
			await("both bad messages parked").atMost(ENTRY_TIMEOUT).pollInterval(POLL).pollInSameThread().until(() -> {
				Message message = rabbit.receive(topology.deadLetterQueue("OPERATION_LOG"), 200);
				if (message != null) {
					parked.add(message.getMessageProperties().getMessageId());
					assertThat((String) message.getMessageProperties().getHeader("x-job-error")).isNotBlank();
				}
				return parked.containsAll(Set.of(notJson, invalid));
			});
		}
		catch (ConditionTimeoutException ex) {
			// the assertion below names what is missing
		}
		assertThat(parked).contains(notJson, invalid);
		assertThat(count(action, "bad")).isZero();
	}

	/** Reads the dead-letter queue until the message {@code messageId} is there; null if it is not in time. */
	private Message awaitParked(RabbitTemplate rabbit, String messageId) {
		java.util.concurrent.atomic.AtomicReference<Message> parked = new java.util.concurrent.atomic.AtomicReference<>();
		try {
			await(messageId + " parked").atMost(ENTRY_TIMEOUT).pollInterval(POLL).pollInSameThread().until(() -> {
				Message message = rabbit.receive(topology.deadLetterQueue("OPERATION_LOG"), 200);
				if (message != null && messageId.equals(message.getMessageProperties().getMessageId())) {
					parked.set(message);
				}
				return parked.get() != null;
			});
		}
		catch (ConditionTimeoutException ex) {
			// the caller's assertion says what was wanted
		}
		return parked.get();
	}

	private void publish(RabbitTemplate rabbit, String messageId, String body) {
		MessageProperties properties = new MessageProperties();
		properties.setMessageId(messageId);
		properties.setContentType(MessageProperties.CONTENT_TYPE_JSON);
		rabbit.send(topology.exchange(), "OPERATION_LOG", new Message(body.getBytes(StandardCharsets.UTF_8), properties));
	}

	private void awaitQueueEmpty(String queue) {
		org.springframework.amqp.rabbit.core.RabbitAdmin admin = new org.springframework.amqp.rabbit.core.RabbitAdmin(
				connectionFactory);
		await("queue " + queue + " empty").atMost(ENTRY_TIMEOUT).pollInterval(POLL).until(() -> {
			var info = admin.getQueueInfo(queue);
			return info != null && info.getMessageCount() == 0;
		});
	}

	@Test
	void cancelRetryAndRefusedReDriveAreLogged() {
		UUID id = jobs.submit("NOOP", Map.of(), SubmitOptions.defaults()
			.withCreatedBy(Account.ADMIN.username())
			.withRunAt(Instant.now().plus(Duration.ofHours(1)))).id();
		assertThat(post("/api/jobs/" + id + "/cancel").statusCode()).isEqualTo(200);
		Map<String, Object> cancel = awaitEntry("JOB_CANCEL", id.toString(), Outcome.SUCCESS);
		assertThat(cancel.get("message")).isEqualTo("cancelled NOOP job " + id + ": now CANCELLED");
		assertThat(cancel.get("path")).isEqualTo("/api/jobs/" + id + "/cancel");

		assertThat(post("/api/jobs/" + id + "/retry").statusCode()).isEqualTo(200);
		awaitEntry("JOB_RETRY", id.toString(), Outcome.SUCCESS);
		awaitStatus(id, Set.of(JobStatus.SUCCEEDED), JOB_TIMEOUT);

		assertProblem(post("/api/job-types/NOOP/dead-letters/redrive", null, Account.USER), 403, "forbidden");
		await("entry of the refused re-drive").atMost(ENTRY_TIMEOUT)
			.pollInterval(POLL)
			.until(() -> jdbc
				.sql("SELECT count(*) FROM {jobs}.operation_log WHERE action = 'DEAD_LETTER_REDRIVE' AND username = ? "
						+ "AND outcome = 'FAILURE' AND error_type = 'dev.jobs.core.web.ForbiddenException'")
				.param(Account.USER.username())
				.query(Integer.class)
				.single() > 0);
	}

	@Test
	void scheduleCreationAndDeletionAreLogged() {
		String id = unique("sched");
		HttpResponse<byte[]> created = post("/api/schedules", """
				{"id": "%s", "type": "NOOP", "payload": {}, "fixedRate": "PT1H"}""".formatted(id), Account.ADMIN);
		assertThat(created.statusCode()).as(new String(created.body())).isEqualTo(201);
		Map<String, Object> entry = awaitEntry("SCHEDULE_CREATE", id, Outcome.SUCCESS);
		assertThat((String) entry.get("message")).startsWith("created schedule " + id + " submitting NOOP jobs, first at ");
		assertThat(entry.get("username")).isEqualTo(Account.ADMIN.username());

		HttpResponse<byte[]> deleted = send(HttpRequest.newBuilder(url("/api/schedules/" + id))
			.header("Authorization", Account.ADMIN.basic())
			.DELETE());
		assertThat(deleted.statusCode()).isEqualTo(204);
		assertThat(awaitEntry("SCHEDULE_DELETE", id, Outcome.SUCCESS).get("message")).isEqualTo("deleted schedule " + id);
	}

	@Test
	void exportSubmissionIsLoggedWithItsTask() {
		HttpResponse<byte[]> submitted = post("/api/employ/export/async?department=" + unique("dept") + "&format=CSV",
				null, Account.ADMIN);
		assertThat(submitted.statusCode()).as(new String(submitted.body())).isEqualTo(202);
		String taskId = body(submitted).get("taskId").asString();
		Map<String, Object> entry = awaitEntry("EMPLOYEE_EXPORT", taskId, Outcome.SUCCESS);
		assertThat((String) entry.get("message")).startsWith("started an employee export (CSV) of department dept-");
		assertThat(entry.get("username")).isEqualTo(Account.ADMIN.username());
		awaitStatus(UUID.fromString(taskId), Set.of(JobStatus.SUCCEEDED), JOB_TIMEOUT);
	}

	@Test
	void tokenCreationAndRevocationAreLoggedWithoutTheSecret() {
		String name = unique("token");
		HttpResponse<byte[]> created = post("/api/tokens", "{\"name\":\"" + name + "\"}", Account.MANAGER);
		assertThat(created.statusCode()).as(new String(created.body())).isEqualTo(201);
		JsonNode token = body(created);
		String id = token.get("id").asString();
		Map<String, Object> entry = awaitEntry("TOKEN_CREATE", id, Outcome.SUCCESS);
		assertThat(entry.get("message")).isEqualTo("created API token '" + name + "'");
		assertThat(entry.get("username")).isEqualTo(Account.MANAGER.username());
		assertThat(entry.values().stream().map(String::valueOf))
			.noneMatch(value -> value.contains(token.get("token").asString()));

		HttpResponse<byte[]> revoked = send(HttpRequest.newBuilder(url("/api/tokens/" + id))
			.header("Authorization", Account.MANAGER.basic())
			.DELETE());
		assertThat(revoked.statusCode()).isEqualTo(204);
		assertThat(awaitEntry("TOKEN_REVOKE", id, Outcome.SUCCESS).get("message")).isEqualTo("revoked API token " + id);
	}

	@Test
	void adminsSearchTheLogNewestFirstWithFilters() {
		String id = unique("search");
		probe.conditional(id, true);
		awaitEntry("PROBE_CONDITIONAL", id, Outcome.SUCCESS);
		probe.touch(id, 1);
		probe.touch(id, 2);
		awaitEntry("PROBE_TOUCH", id + "-2", Outcome.SUCCESS);
		awaitEntry("PROBE_TOUCH", id + "-1", Outcome.SUCCESS);

		HttpResponse<byte[]> byTarget = get("/api/operation-logs?action=PROBE_CONDITIONAL&target=" + id
				+ "&outcome=success&user=system&from=" + Instant.now().minusSeconds(600) + "&to="
				+ Instant.now().plusSeconds(60));
		assertThat(byTarget.statusCode()).as(new String(byTarget.body())).isEqualTo(200);
		JsonNode page = body(byTarget);
		assertThat(page.get("items").size()).isEqualTo(1);
		assertThat(page.get("items").get(0).get("message").asString()).isEqualTo("recorded " + id);
		assertThat(page.get("hasMore").asBoolean()).isFalse();

		JsonNode text = body(get("/api/operation-logs?action=PROBE_TOUCH&size=1&q="
				+ URLEncoder.encode("touch ", StandardCharsets.UTF_8)));
		assertThat(text.get("items").size()).isEqualTo(1);
		assertThat(text.get("hasMore").asBoolean()).isTrue();
		JsonNode newest = body(get("/api/operation-logs?action=PROBE_TOUCH&q=touch&size=200"));
		List<String> times = new ArrayList<>();
		newest.get("items").forEach(item -> times.add(item.get("occurredAt").asString()));
		assertThat(times).isSortedAccordingTo((a, b) -> Instant.parse(b).compareTo(Instant.parse(a)));
	}

	@Test
	void plainUsersAreRefusedAndStrangersMustSignIn() {
		assertProblem(get("/api/operation-logs", Account.USER), 403, "forbidden");
		assertProblem(get("/api/operation-logs", Account.MANAGER), 403, "forbidden");
		HttpResponse<byte[]> anonymous = send(HttpRequest.newBuilder(url("/api/operation-logs")).GET());
		assertProblem(anonymous, 401, "unauthorized");
	}

	@Test
	void badParametersAreProblemsNamingTheField() {
		Map<String, String> bad = Map.of("outcome=MAYBE", "outcome", "from=yesterday", "from", "size=0", "size",
				"size=100000", "size", "page=-1", "page", "page=abc", "page",
				"from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z", "to");
		bad.forEach((query, field) -> {
			JsonNode problem = assertProblem(get("/api/operation-logs?" + query), 400, "invalid-request");
			assertThat(problem.get("detail").asString()).as(query).startsWith(field + " ");
			assertThat(problem.get("errors").get(0).get("field").asString()).as(query).isEqualTo(field);
		});
	}

}
