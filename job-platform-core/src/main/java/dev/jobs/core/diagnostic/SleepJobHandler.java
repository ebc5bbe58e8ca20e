package dev.jobs.core.diagnostic;

import dev.jobs.core.JobContext;
import dev.jobs.core.JobHandler;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/**
 * {@code SLEEP}: sleeps {@code millis}, reporting progress and honouring cancellation, and fails
 * its first {@code failTimes} attempts. For chaos tests (kill a worker mid-sleep) and retry tests.
 */
class SleepJobHandler implements JobHandler<SleepJobHandler.SleepPayload> {

	static final String TYPE = "SLEEP";

	/**
	 * @param millis how long to sleep, 0 to one hour
	 * @param failTimes how many attempts fail before one succeeds
	 */
	record SleepPayload(@Min(0) @Max(3_600_000) long millis, @Min(0) @Max(100) int failTimes) {
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
		context.setResult(java.util.Map.of("sleptMillis", payload.millis(), "attempt", context.attempt()));
	}

}
