package dev.jobs.core;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Idempotency keys: a repeat returns the first job, never a second one, even under concurrency. */
class IdempotencyIntegrationTest extends IntegrationTest {

	@Test
	void repeatWithTheSameKeyAndPayloadReturnsTheFirstJob() {
		String key = "order-" + UUID.randomUUID();
		String body = "{\"type\": \"RECORD\", \"payload\": {\"name\": \"once\", \"sleepMillis\": 0}}";

		HttpResponse<String> first = post("/api/jobs", body, "Idempotency-Key", key);
		HttpResponse<String> second = post("/api/jobs", body, "Idempotency-Key", key);

		assertThat(first.statusCode()).isEqualTo(202);
		assertThat(second.statusCode()).isEqualTo(202);
		assertThat(first.headers().firstValue("Idempotent-Replayed")).hasValue("false");
		assertThat(second.headers().firstValue("Idempotent-Replayed")).hasValue("true");
		UUID id = UUID.fromString(body(first).get("id").asString());
		assertThat(body(second).get("id").asString()).isEqualTo(id.toString());
		awaitStatus(id, JobStatus.SUCCEEDED, Duration.ofSeconds(15));
		await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2))
			.until(() -> TestHandlers.executions(id) == 1);
		assertThat(jdbc.sql("select count(*) from {jobs}.job where idempotency_key = :key").param("key", key)
			.query(Long.class).single()).isEqualTo(1);
	}

	@Test
	void sameKeyWithAnotherPayloadIsA422() {
		String key = "order-" + UUID.randomUUID();
		post("/api/jobs", "{\"type\": \"RECORD\", \"payload\": {\"name\": \"a\"}}", "Idempotency-Key", key);

		HttpResponse<String> conflict = post("/api/jobs", "{\"type\": \"RECORD\", \"payload\": {\"name\": \"b\"}}",
				"Idempotency-Key", key);

		assertThat(conflict.statusCode()).isEqualTo(422);
		assertThat(body(conflict).get("type").asString()).endsWith("/idempotency-conflict");
		assertThat(body(conflict).get("errors").get(0).get("field").asString()).isEqualTo("Idempotency-Key");
		assertThat(jdbc.sql("select count(*) from {jobs}.job where idempotency_key = :key").param("key", key)
			.query(Long.class).single()).isEqualTo(1);
	}

	@Test
	void payloadsThatDifferOnlyInFieldOrderAreTheSameRequest() {
		String key = "order-" + UUID.randomUUID();
		HttpResponse<String> first = post("/api/jobs",
				"{\"type\": \"RECORD\", \"payload\": {\"name\": \"x\", \"sleepMillis\": 0}}", "Idempotency-Key", key);
		HttpResponse<String> second = post("/api/jobs",
				"{\"type\": \"RECORD\", \"payload\": {\"sleepMillis\": 0, \"name\": \"x\"}}", "Idempotency-Key", key);

		assertThat(body(second).get("id").asString()).isEqualTo(body(first).get("id").asString());
	}

	@Test
	void theSameKeyFromAnotherSubmitterIsAnotherJob() {
		String key = "shared-" + UUID.randomUUID();
		JobClient.Submission alice = jobs.submit("NOOP", null, SubmitOptions.defaults().withIdempotencyKey(key)
			.withCreatedBy("alice"));
		JobClient.Submission bob = jobs.submit("NOOP", null, SubmitOptions.defaults().withIdempotencyKey(key)
			.withCreatedBy("bob"));

		assertThat(alice.created()).isTrue();
		assertThat(bob.created()).isTrue();
		assertThat(alice.id()).isNotEqualTo(bob.id());
	}

	@Test
	void twentyConcurrentIdenticalSubmissionsCreateOneJobThatRunsOnce() throws Exception {
		String key = "burst-" + UUID.randomUUID();
		String body = "{\"type\": \"RECORD\", \"payload\": {\"name\": \"burst\", \"sleepMillis\": 0}}";
		int callers = 20;
		ExecutorService pool = Executors.newFixedThreadPool(callers);
		CountDownLatch start = new CountDownLatch(1);
		List<Future<HttpResponse<String>>> responses = new ArrayList<>();
		try {
			for (int i = 0; i < callers; i++) {
				responses.add(pool.submit(() -> {
					start.await();
					return post("/api/jobs", body, "Idempotency-Key", key);
				}));
			}
			start.countDown();
			Set<String> ids = new HashSet<>();
			int created = 0;
			for (Future<HttpResponse<String>> response : responses) {
				HttpResponse<String> r = response.get();
				assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
				ids.add(body(r).get("id").asString());
				if (r.headers().firstValue("Idempotent-Replayed").orElseThrow().equals("false")) {
					created++;
				}
			}
			assertThat(ids).hasSize(1);
			assertThat(created).isEqualTo(1);
			UUID id = UUID.fromString(ids.iterator().next());
			awaitStatus(id, JobStatus.SUCCEEDED, Duration.ofSeconds(15));
			await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2))
				.until(() -> TestHandlers.executions(id) == 1);
			assertThat(attempts(id)).hasSize(1);
		}
		finally {
			pool.shutdownNow();
		}
	}

	@Test
	void javaApiSubmissionJoinsTheCallersTransaction() {
		String key = "tx-" + UUID.randomUUID();
		org.springframework.transaction.support.TransactionTemplate tx = new org.springframework.transaction.support.TransactionTemplate(
				transactionManager);
		try {
			tx.executeWithoutResult(status -> {
				jobs.submit("NOOP", null, SubmitOptions.defaults().withIdempotencyKey(key));
				throw new IllegalStateException("the caller's own work fails");
			});
		}
		catch (IllegalStateException expected) {
			// the caller rolled back
		}

		assertThat(jdbc.sql("select count(*) from {jobs}.job where idempotency_key = :key").param("key", key)
			.query(Long.class).single()).isZero();
	}

	@org.springframework.beans.factory.annotation.Autowired
	org.springframework.transaction.PlatformTransactionManager transactionManager;

}
