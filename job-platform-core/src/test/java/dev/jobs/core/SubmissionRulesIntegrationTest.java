package dev.jobs.core;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import dev.jobs.core.TestHandlers.FailPayload;
import dev.jobs.core.TestHandlers.RecordPayload;
import org.junit.jupiter.api.Test;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/** Submission and retry rules: limits, idempotent replays, priorities, and the indexes behind them. */
class SubmissionRulesIntegrationTest extends IntegrationTest {

	@Autowired
	RabbitTemplate rabbit;

	@Value("${jobs.broker.prefix}")
	String prefix;

	@Test
	void honestReplayOfAPayloadWithLargeAndExponentNumbersIsRecognised() {
		String key = "numbers-" + UUID.randomUUID();
		Map<String, Object> payload = Map.of("amount", new BigDecimal("1E+2"), "big",
				new BigInteger("123456789012345678901234567890"), "ratio", 0.1);
		SubmitOptions options = SubmitOptions.defaults().withCreatedBy("numbers-user").withIdempotencyKey(key);

		JobClient.Submission first = jobs.submit("NUMBERS", payload, options);
		JobClient.Submission again = jobs.submit("NUMBERS", payload, options);

		assertThat(first.created()).isTrue();
		assertThat(again.created()).as("a replay, not a conflict").isFalse();
		assertThat(again.id()).isEqualTo(first.id());
		assertThatExceptionOfType(IdempotencyConflictException.class).isThrownBy(() -> jobs.submit("NUMBERS",
				Map.of("amount", new BigDecimal("101"), "big", BigInteger.ONE, "ratio", 0.1), options));
	}

	@Test
	void submitterNamedSystemIsLimitedLikeEveryoneElse() {
		// LAGGY allows 2 active jobs per submitter; due in an hour, they stay active.
		SubmitOptions asSystem = SubmitOptions.defaults().withCreatedBy("system")
			.withRunAt(Instant.now().plus(Duration.ofHours(1)));
		jdbc.sql("delete from {jobs}.job where type = 'LAGGY' and created_by = 'system'").update();
		jobs.submit("LAGGY", new RecordPayload("a", 0), asSystem);
		jobs.submit("LAGGY", new RecordPayload("b", 0), asSystem);

		assertThatExceptionOfType(TooManyActiveJobsException.class)
			.isThrownBy(() -> jobs.submit("LAGGY", new RecordPayload("c", 0), asSystem));
		// The application's own submissions, naming nobody, are not limited.
		SubmitOptions unnamed = SubmitOptions.defaults().withRunAt(Instant.now().plus(Duration.ofHours(1)));
		jobs.submit("LAGGY", new RecordPayload("d", 0), unnamed);
		jobs.submit("LAGGY", new RecordPayload("e", 0), unnamed);
		jobs.submit("LAGGY", new RecordPayload("f", 0), unnamed);
		jdbc.sql("delete from {jobs}.job where type = 'LAGGY' and created_by = 'system'").update();
	}

	@Test
	void retryMakesAJobActiveAgainAndCountsAgainstTheActiveLimit() {
		String owner = "retry-limit-" + UUID.randomUUID();
		SubmitOptions later = SubmitOptions.defaults().withCreatedBy(owner)
			.withRunAt(Instant.now().plus(Duration.ofHours(1)));
		UUID first = jobs.submit("LAGGY", new RecordPayload("a", 0), later).id();
		jobs.cancel(first);
		jobs.submit("LAGGY", new RecordPayload("b", 0), later);
		jobs.submit("LAGGY", new RecordPayload("c", 0), later);

		assertThatExceptionOfType(TooManyActiveJobsException.class).isThrownBy(() -> jobs.retry(first));
		var overRest = post("/api/jobs/" + first + "/retry", "");
		assertThat(overRest.statusCode()).isEqualTo(429);
		assertThat(overRest.headers().firstValue("Content-Type")).hasValueSatisfying(
				type -> assertThat(type).startsWith("application/problem+json"));
		assertThat(overRest.headers().firstValue("Retry-After")).isPresent();
		assertThat(jobs.find(first).orElseThrow().status()).isEqualTo(JobStatus.CANCELLED);
		jdbc.sql("delete from {jobs}.job where created_by = :owner").param("owner", owner).update();
	}

	@Autowired
	org.springframework.amqp.core.AmqpAdmin admin;

	@Test
	void deadLetterRedriveLeavesAJobWhoseOwnerIsAtTheActiveLimitParked() {
		String owner = "redrive-limit-" + UUID.randomUUID();
		String dlq = prefix + ".LAGGY.dlq";
		admin.purgeQueue(dlq, false);
		SubmitOptions later = SubmitOptions.defaults().withCreatedBy(owner)
			.withRunAt(Instant.now().plus(Duration.ofHours(1)));
		jobs.submit("LAGGY", new RecordPayload("a", 0), later);
		jobs.submit("LAGGY", new RecordPayload("b", 0), later);
		UUID parked = UUID.randomUUID();
		jdbc.sql("""
				insert into {jobs}.job (id, type, payload, status, attempt, max_attempts, run_at, created_by, finished_at)
				values (:id, 'LAGGY', '{"name": "parked", "sleepMillis": 0}', 'FAILED', 1, 1, now(), :owner, now())
				""").param("id", parked).param("owner", owner).update();
		rabbit.send(prefix + ".dlq", "LAGGY", org.springframework.amqp.core.MessageBuilder
			.withBody(("{\"jobId\": \"" + parked + "\", \"type\": \"LAGGY\", \"attempt\": 1}")
				.getBytes(StandardCharsets.UTF_8))
			.build());
		await().atMost(Duration.ofSeconds(10)).until(() -> admin.getQueueInfo(dlq).getMessageCount() == 1);

		var redrive = post("/api/job-types/LAGGY/dead-letters/redrive", "");

		assertThat(redrive.statusCode()).isEqualTo(200);
		assertThat(body(redrive).get("redriven").asInt()).isZero();
		assertThat(jobs.find(parked).orElseThrow().status()).isEqualTo(JobStatus.FAILED);
		await().atMost(Duration.ofSeconds(10)).until(() -> admin.getQueueInfo(dlq).getMessageCount() == 1);
		admin.purgeQueue(dlq, false);
		jdbc.sql("delete from {jobs}.job where created_by = :owner").param("owner", owner).update();
	}

	@Test
	void deadLetterAndRetryMessagesKeepTheJobsPriority() {
		rabbit.receive(prefix + ".ALWAYS_FAIL.dlq", 100);
		UUID id = jobs.submit("ALWAYS_FAIL", new FailPayload("priority"),
				SubmitOptions.defaults().withPriority(7).withMaxAttempts(2)).id();
		awaitStatus(id, JobStatus.FAILED, Duration.ofSeconds(20));

		Message parked = await().atMost(Duration.ofSeconds(10)).until(() -> {
			Message m = rabbit.receive(prefix + ".ALWAYS_FAIL.dlq", 200);
			return (m != null && new String(m.getBody(), StandardCharsets.UTF_8).contains(id.toString())) ? m : null;
		}, m -> m != null);

		assertThat(parked.getMessageProperties().getPriority()).isEqualTo(7);
	}

	@Test
	void activeLimitIsCountedFromAPartialIndexOfActiveJobsOnly() {
		String definition = jdbc.sql("select indexdef from pg_indexes where indexname = 'job_active_owner_idx'")
			.query(String.class)
			.single();

		assertThat(definition).contains("(created_by, type)")
			.contains("WHERE")
			.contains("PENDING")
			.contains("RUNNING")
			.doesNotContain("SUCCEEDED");
	}

}
