package dev.jobs.core.job;

import java.util.UUID;

import io.micrometer.tracing.test.simple.SimpleSpan;
import io.micrometer.tracing.test.simple.SimpleTracer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The spans a job's row carries across processes: each continues the trace stored on the row, whichever instance
 * (and whichever of its parts: the publisher after a commit, or the relay later) sends or runs the job.
 */
class MicrometerJobTracingTest {

	private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

	private static final String PARENT = "00f067aa0ba902b7";

	private final SimpleTracer tracer = new SimpleTracer();

	private final MicrometerJobTracing tracing = new MicrometerJobTracing(tracer);

	@Test
	void theRelaysPublishContinuesTheTraceStoredOnTheRow() {
		JobMessage message = new JobMessage(UUID.randomUUID(), "REPORT", 1, 0)
			.withTraceContext("00-" + TRACE + "-" + PARENT + "-01");

		tracing.publishing(message, "relay").close();

		SimpleSpan span = tracer.onlySpan();
		assertThat(span.getName()).isEqualTo("job relay REPORT");
		assertThat(span.getTraceId()).isEqualTo(TRACE);
		assertThat(span.getParentId()).isEqualTo(PARENT);
		assertThat(span.getTags()).containsEntry("jobs.id", message.jobId().toString())
			.containsEntry("jobs.publish", "relay");
	}

	@Test
	void aPublishAfterTheCommitIsNamedAsSuchUnderTheSameParent() {
		JobMessage message = new JobMessage(UUID.randomUUID(), "REPORT", 1, 0)
			.withTraceContext("00-" + TRACE + "-" + PARENT + "-01");

		tracing.publishing(message, "publish").close();

		SimpleSpan span = tracer.onlySpan();
		assertThat(span.getName()).isEqualTo("job publish REPORT");
		assertThat(span.getParentId()).isEqualTo(PARENT);
	}

	@Test
	void aRowWithoutAStoredTraceStartsOne() {
		JobMessage message = new JobMessage(UUID.randomUUID(), "REPORT", 1, 0);

		tracing.publishing(message, "relay").close();

		SimpleSpan span = tracer.onlySpan();
		assertThat(span.getTraceId()).isNotEqualTo(TRACE);
		assertThat(span.getParentId()).isNullOrEmpty();
	}

}
