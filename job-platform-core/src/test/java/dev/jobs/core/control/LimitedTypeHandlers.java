package dev.jobs.core.control;

import dev.jobs.core.JobHandler;
import dev.jobs.core.JobHandlers;
import dev.jobs.core.JobType;

import org.springframework.context.annotation.Bean;

/**
 * The types of {@link ControlsAcrossInstancesIntegrationTest}, registered only in its two extra instances (this
 * class is not a scanned configuration), so the suite's own instance never runs them. Each run takes the time its
 * payload asks for, as a slow job does: that is what a global concurrency counts.
 */
class LimitedTypeHandlers {

	record Work(long millis) {
	}

	static final JobType<Work> CAPPED = JobType.of("CAPPED", Work.class);

	static final JobType<Work> METERED = JobType.of("METERED", Work.class);

	static final JobType<Work> PAUSABLE = JobType.of("PAUSABLE", Work.class);

	@Bean
	JobHandler<Work> capped() {
		return JobHandlers.define(CAPPED).handle((work, context) -> Thread.sleep(work.millis()));
	}

	@Bean
	JobHandler<Work> pausable() {
		return JobHandlers.define(PAUSABLE).handle((work, context) -> Thread.sleep(work.millis()));
	}

	@Bean
	JobHandler<Work> metered() {
		return JobHandlers.define(METERED).handle((work, context) -> Thread.sleep(work.millis()));
	}

}
