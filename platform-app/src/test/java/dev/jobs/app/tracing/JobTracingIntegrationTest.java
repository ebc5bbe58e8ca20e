package dev.jobs.app.tracing;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import dev.jobs.app.IntegrationTest;
import dev.jobs.core.JobHandler;
import dev.jobs.core.JobHandlers;
import dev.jobs.core.JobStatus;
import dev.jobs.core.JobType;
import dev.jobs.core.SubmitOptions;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One trace per job's life: a request that carries a W3C {@code traceparent}, the job it submits, the claim and
 * the span of each attempt (the first fails, the retry succeeds), the retry's publish, and a follow-up the
 * successful attempt submits (published by the relay, since it is due later) all share the caller's trace id,
 * read from an in-memory exporter; the submission's operation-log entry carries that trace id. A context of its own
 * (tracing on, a probe type), closed afterwards.
 *
 * <p>Every cached test context in this JVM runs a relay on the same database, and only this one traces: whichever
 * relay polls first publishes the follow-up. This context's relay polls ten times as often, so it is usually the
 * one, and its span must then be in the trace; the claim and the attempt continue the trace either way, since they
 * read the context stored on the row.
 */
@TestPropertySource(properties = { "jobs.tracing.enabled=true", "management.tracing.sampling.probability=1.0",
		"management.opentelemetry.tracing.export.schedule-delay=50ms", "jobs.types.TRACE_PROBE.max-attempts=2",
		"jobs.types.TRACE_PROBE.backoff-initial=200ms", "jobs.relay.interval=20ms" })
@Import(JobTracingIntegrationTest.Probe.class)
@DirtiesContext
class JobTracingIntegrationTest extends IntegrationTest {

	static final JobType<ProbePayload> TRACE_PROBE = JobType.of("TRACE_PROBE", ProbePayload.class);

	/**
	 * The follow-up's type: registered only in this context, so no other cached test context consuming the same
	 * queues (without a tracer) runs it.
	 */
	static final JobType<ProbePayload> TRACE_FOLLOW_UP = JobType.of("TRACE_FOLLOW_UP", ProbePayload.class);

	record ProbePayload(String note) {
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Probe {

		@Bean
		InMemorySpanExporter inMemorySpanExporter() {
			return InMemorySpanExporter.create();
		}

		@Bean
		JobHandler<ProbePayload> traceFollowUp() {
			return JobHandlers.define(TRACE_FOLLOW_UP).handle((payload, context) -> {
			});
		}

		/** Fails its first attempt; the retry submits a follow-up due a moment later and succeeds. */
		@Bean
		JobHandler<ProbePayload> traceProbe() {
			return JobHandlers.define(TRACE_PROBE).handle((payload, context) -> {
				if (context.attempt() == 1) {
					throw new IllegalStateException("the first attempt fails on purpose");
				}
				context.submitFollowUp("TRACE_FOLLOW_UP", new ProbePayload("follow-up"),
						SubmitOptions.defaults().withRunAt(Instant.now().plusSeconds(2)));
			});
		}

	}

	@Autowired
	InMemorySpanExporter spans;

	private static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("jobs.outcome");

	private static final AttributeKey<String> JOB_ID = AttributeKey.stringKey("jobs.id");

	@Test
	void aRequestItsJobsAttemptsRetryAndFollowUpShareOneTrace() {
		String traceId = UUID.randomUUID().toString().replace("-", "");
		String clientSpan = traceId.substring(0, 16);
		HttpResponse<byte[]> response = send(HttpRequest.newBuilder(url("/api/jobs"))
			.header("Authorization", Account.ADMIN.basic())
			.header("Content-Type", "application/json")
			.header("traceparent", "00-" + traceId + "-" + clientSpan + "-01")
			.POST(HttpRequest.BodyPublishers.ofString("{\"type\": \"TRACE_PROBE\", \"payload\": {\"note\": \"x\"}}")));
		assertThat(response.statusCode()).as(new String(response.body())).isEqualTo(202);
		UUID id = UUID.fromString(body(response).get("id").asString());
		awaitStatus(id, Set.of(JobStatus.SUCCEEDED), JOB_TIMEOUT);
		// The follow-up stored the trace too (the retry's attempt span as its parent).
		UUID followUp = jdbc.sql("select id from {jobs}.job where type = 'TRACE_FOLLOW_UP' and trace_context like :trace")
			.param("trace", "00-" + traceId + "-%")
			.query(UUID.class)
			.single();
		awaitStatus(followUp, Set.of(JobStatus.SUCCEEDED), JOB_TIMEOUT);

		assertThat(jdbc.sql("select trace_context from {jobs}.job where id = :id").param("id", id).query(String.class).single())
			.startsWith("00-" + traceId + "-").endsWith("-01");
		// The submission's operation-log entry carries the same trace.
		await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(jdbc
			.sql("select count(*) from {jobs}.operation_log where trace_id = :trace and action = 'JOB_SUBMIT' and message like :id")
			.param("trace", traceId)
			.param("id", "%" + id + "%")
			.query(Long.class)
			.single()).isEqualTo(1));
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			List<SpanData> trace = spans.getFinishedSpanItems().stream()
				.filter(s -> s.getTraceId().equals(traceId))
				.toList();
			assertThat(trace).extracting(SpanData::getName)
				.contains("http post /api/jobs", "job submit TRACE_PROBE", "job publish TRACE_PROBE",
						"job claim TRACE_FOLLOW_UP", "job TRACE_FOLLOW_UP");
			List<SpanData> attempts = named(trace, "job TRACE_PROBE");
			assertThat(attempts).extracting(s -> s.getAttributes().get(OUTCOME))
				.containsExactlyInAnyOrder("retried", "succeeded");
			assertThat(attempts).allSatisfy(s -> assertThat(s.getAttributes().get(JOB_ID)).isEqualTo(id.toString()));
			assertThat(named(trace, "job claim TRACE_PROBE")).hasSize(2);
			// Each attempt is a child of the submission's span, the follow-up's attempt a grandchild of the retry.
			SpanData submit = named(trace, "job submit TRACE_PROBE").get(0);
			assertThat(attempts).allSatisfy(s -> assertThat(s.getParentSpanId()).isEqualTo(submit.getSpanId()));
			SpanData succeeded = attempts.stream().filter(s -> "succeeded".equals(s.getAttributes().get(OUTCOME)))
				.findFirst().orElseThrow();
			SpanData noop = named(trace, "job TRACE_FOLLOW_UP").get(0);
			assertThat(noop.getParentSpanId()).isEqualTo(succeeded.getSpanId());
			assertThat(noop.getAttributes().get(JOB_ID)).isEqualTo(followUp.toString());
			assertThat(noop.getAttributes().get(OUTCOME)).isEqualTo("succeeded");
			// The relay's span, where this context relayed the follow-up: in the trace, under the retry's attempt.
			List<SpanData> relayed = spans.getFinishedSpanItems().stream()
				.filter(s -> s.getName().equals("job relay TRACE_FOLLOW_UP"))
				.filter(s -> followUp.toString().equals(s.getAttributes().get(JOB_ID)))
				.toList();
			assertThat(relayed).allSatisfy(s -> {
				assertThat(s.getTraceId()).isEqualTo(traceId);
				assertThat(s.getParentSpanId()).isEqualTo(succeeded.getSpanId());
			});
		});
	}

	private static List<SpanData> named(List<SpanData> trace, String name) {
		return trace.stream().filter(s -> s.getName().equals(name)).toList();
	}

}
