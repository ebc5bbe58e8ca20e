package dev.jobs.core.diagnostic;

import dev.jobs.core.JobContext;
import dev.jobs.core.JobHandler;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * {@code SLEEP}: sleeps {@code millis}, reporting progress and honouring cancellation, and fails
 * its first {@code failTimes} attempts. For chaos tests (kill a worker mid-sleep) and retry tests.
 * With {@code recordEffect}, each run that reaches the end leaves a row in
 * {@code job_diagnostic_effect}: a visible side effect to count.
 */
class SleepJobHandler implements JobHandler<SleepJobHandler.SleepPayload> {

	static final String TYPE = "SLEEP";

	/**
	 * @param millis how long to sleep, 0 to one hour
	 * @param failTimes how many attempts fail before one succeeds
	 * @param recordEffect whether a run that reaches the end records a side-effect row
	 */
	record SleepPayload(@Min(0) @Max(3_600_000) long millis, @Min(0) @Max(100) int failTimes,
			boolean recordEffect) {
	}

	private final JdbcClient jdbc;

	SleepJobHandler(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public String type() {
		return TYPE;
	}

	@Override
	public Class<SleepPayload> payloadType() {
		return SleepPayload.class;
	}

	@Override
	public void handle(SleepPayload payload, JobContext context) throws InterruptedException {
		long deadline = System.currentTimeMillis() + payload.millis();
		long remaining;
		while ((remaining = deadline - System.currentTimeMillis()) > 0) {
			context.throwIfCancellationRequested();
			Thread.sleep(Math.min(remaining, 100));
			context.reportProgress(payload.millis() - Math.max(0, deadline - System.currentTimeMillis()),
					payload.millis(), "sleeping");
		}
		if (context.attempt() <= payload.failTimes()) {
			throw new IllegalStateException(
					"SLEEP fails attempt " + context.attempt() + " of the first " + payload.failTimes() + ", as asked");
		}
		if (payload.recordEffect()) {
			jdbc.sql("insert into {jobs}.job_diagnostic_effect (job_id, attempt) values (:id, :attempt)")
				.param("id", context.jobId())
				.param("attempt", context.attempt())
				.update();
		}
		context.setResult(java.util.Map.of("sleptMillis", payload.millis(), "attempt", context.attempt()));
	}

}
