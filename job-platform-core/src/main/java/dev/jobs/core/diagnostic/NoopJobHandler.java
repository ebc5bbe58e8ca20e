package dev.jobs.core.diagnostic;

import dev.jobs.core.JobContext;
import dev.jobs.core.JobHandler;

/** {@code NOOP}: does nothing and succeeds. The cheapest possible job, for smoke tests and benchmarks. */
class NoopJobHandler implements JobHandler<NoopJobHandler.NoopPayload> {

	static final String TYPE = "NOOP";

	/** NOOP takes no fields. */
	record NoopPayload() {
	}

	@Override
	public String type() {
		return TYPE;
	}

	@Override
	public Class<NoopPayload> payloadType() {
		return NoopPayload.class;
	}

	@Override
	public void handle(NoopPayload payload, JobContext context) {
	}

}
