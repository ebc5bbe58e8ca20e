package dev.jobs.core.job;

/**
 * The spans of a job's life, one trace from its submission to its last attempt: the submitter's context is
 * stored with the job ({@link TraceContext}, column {@code trace_context}) and every attempt, retry and
 * follow-up is a span under it. Implemented over Micrometer Tracing when the application has a tracer
 * ({@code MicrometerJobTracing}, created only then); otherwise {@link #NONE}, which stores nothing, reads
 * nothing and allocates nothing per job.
 */
public interface JobTracing {

	/** No tracer: every method answers at once, with nothing. */
	JobTracing NONE = new JobTracing() {

		@Override
		public boolean enabled() {
			return false;
		}

		@Override
		public Traced submitting(String type, int jobs) {
			return Traced.NONE;
		}

		@Override
		public Traced attempt(ClaimedJob job) {
			return Traced.NONE;
		}

		@Override
		public void claimed(ClaimedJob job, long startedMicros) {
		}

		@Override
		public Traced publishing(JobMessage message, String kind) {
			return Traced.NONE;
		}

		@Override
		public long nowMicros() {
			return 0;
		}

	};

	/** Whether spans are made at all; without a tracer nothing per job is done. */
	boolean enabled();

	/**
	 * A submission of {@code jobs} jobs of {@code type}: a span under the caller's current one (an HTTP
	 * request's, a handler's) or a trace of its own, current on this thread until closed. Its context is
	 * what the jobs' rows store.
	 */
	Traced submitting(String type, int jobs);

	/**
	 * An attempt of a claimed job, under the context its row stores: current on this thread (the handler's
	 * own spans and its follow-ups are its children) until closed.
	 */
	Traced attempt(ClaimedJob job);

	/** The claim that won {@code job}, a span from {@code startedMicros} (see {@link #nowMicros()}) to now. */
	void claimed(ClaimedJob job, long startedMicros);

	/** The publish of a job's message ({@code kind}: after-commit, retry, dead-letter, relay); not made current. */
	Traced publishing(JobMessage message, String kind);

	/** The wall clock in microseconds since the epoch, for a span whose start is known only afterwards. */
	long nowMicros();

	/** A span in progress. */
	interface Traced extends AutoCloseable {

		Traced NONE = new Traced() {

			@Override
			public String context() {
				return null;
			}

			@Override
			public Traced tag(String key, String value) {
				return this;
			}

			@Override
			public void error(Throwable failure) {
			}

			@Override
			public void close() {
			}

		};

		/** Its context as a job row stores it ({@link TraceContext#format()}), or {@code null}. */
		String context();

		Traced tag(String key, String value);

		void error(Throwable failure);

		/** Ends the span (and its scope, on the thread that opened it). */
		@Override
		void close();

	}

}
