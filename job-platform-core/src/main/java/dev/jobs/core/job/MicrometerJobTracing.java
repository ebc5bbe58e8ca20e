package dev.jobs.core.job;

import java.util.Optional;
import java.util.concurrent.TimeUnit;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext.Builder;
import io.micrometer.tracing.Tracer;

/**
 * {@link JobTracing} over Micrometer Tracing (with Spring Boot's OpenTelemetry starter, the OpenTelemetry
 * bridge). Loaded only when a {@code Tracer} bean exists: the core keeps Micrometer Tracing optional.
 *
 * <p>Span names carry the job type, never the job id (the id is a tag), so a tracing UI groups them:
 * {@code job submit TYPE}, {@code job publish TYPE} ({@code job relay TYPE} when the relay sends it),
 * {@code job claim TYPE}, and {@code job TYPE} for an attempt, tagged with its outcome.
 */
public final class MicrometerJobTracing implements JobTracing {

	private final Tracer tracer;

	public MicrometerJobTracing(Tracer tracer) {
		this.tracer = tracer;
	}

	@Override
	public boolean enabled() {
		return true;
	}

	@Override
	public Traced submitting(String type, int jobs) {
		Span span = tracer.nextSpan().name("job submit " + type).tag("jobs.type", type);
		if (jobs != 1) {
			span.tag("jobs.count", String.valueOf(jobs));
		}
		return SpanTraced.current(span.start(), tracer);
	}

	@Override
	public Traced attempt(ClaimedJob job) {
		Span span = child(job.traceContext(), "job " + job.type()).kind(Span.Kind.CONSUMER).start();
		span.tag("jobs.id", job.id().toString()).tag("jobs.type", job.type())
			.tag("jobs.attempt", String.valueOf(job.attempt()));
		return SpanTraced.current(span, tracer);
	}

	@Override
	public void claimed(ClaimedJob job, long startedMicros) {
		child(job.traceContext(), "job claim " + job.type())
			.startTimestamp(startedMicros, TimeUnit.MICROSECONDS)
			.start()
			.tag("jobs.id", job.id().toString())
			.tag("jobs.attempt", String.valueOf(job.attempt()))
			.end(nowMicros(), TimeUnit.MICROSECONDS);
	}

	@Override
	public Traced publishing(JobMessage message, String kind) {
		String name = "relay".equals(kind) ? "job relay " + message.type() : "job publish " + message.type();
		Span span = child(message.traceContext(), name).kind(Span.Kind.PRODUCER).start();
		span.tag("jobs.id", message.jobId().toString()).tag("jobs.publish", kind);
		return new SpanTraced(span, null);
	}

	@Override
	public long nowMicros() {
		return TimeUnit.MILLISECONDS.toMicros(System.currentTimeMillis());
	}

	/** A span under the stored context; a row without one (or with one we cannot read) starts a trace. */
	private Span.Builder child(String stored, String name) {
		Span.Builder builder = tracer.spanBuilder().name(name);
		Optional<TraceContext> parent = TraceContext.parse(stored);
		if (parent.isEmpty()) {
			return builder.setNoParent();
		}
		Builder context = tracer.traceContextBuilder()
			.traceId(parent.get().traceId())
			.spanId(parent.get().spanId())
			.sampled(parent.get().sampled());
		return builder.setParent(context.build());
	}

	static String format(Span span) {
		io.micrometer.tracing.TraceContext context = span.context();
		if (context == null || context.traceId() == null || context.spanId() == null) {
			return null;
		}
		try {
			return new TraceContext(context.traceId(), context.spanId(), Boolean.TRUE.equals(context.sampled()), null)
				.format();
		}
		catch (IllegalArgumentException ex) {
			return null; // a no-op span's zero ids: nothing worth storing
		}
	}

	/**
	 * A span, and the scope that made it current on the thread that started it ({@code null} for a span that is
	 * never current, such as a publish's); closed there.
	 */
	private record SpanTraced(Span span, Tracer.SpanInScope scope) implements Traced {

		static SpanTraced current(Span span, Tracer tracer) {
			return new SpanTraced(span, tracer.withSpan(span));
		}

		@Override
		public String context() {
			return format(span);
		}

		@Override
		public Traced tag(String key, String value) {
			span.tag(key, value);
			return this;
		}

		@Override
		public void error(Throwable failure) {
			span.error(failure);
		}

		@Override
		public void close() {
			try {
				if (scope != null) {
					scope.close();
				}
			}
			finally {
				span.end();
			}
		}

	}

}
