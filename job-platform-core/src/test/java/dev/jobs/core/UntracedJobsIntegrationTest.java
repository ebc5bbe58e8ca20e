package dev.jobs.core;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import dev.jobs.core.TestHandlers.RecordPayload;
import dev.jobs.core.job.JobMetrics;
import dev.jobs.core.job.JobTracing;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Without a tracer (the core's tests have Micrometer Tracing on the class path but no bridge and no tracer
 * bean) jobs run as ever and nothing is traced: no span, no trace context stored with a job or its follow-up.
 */
class UntracedJobsIntegrationTest extends IntegrationTest {

	@Autowired
	ApplicationContext context;

	@Autowired
	JobMetrics metrics;

	@Test
	void withoutATracerNothingIsStoredAndJobsAndFollowUpsStillRun() {
		assertThat(context.getBeanNamesForType(io.micrometer.tracing.Tracer.class)).isEmpty();
		assertThat(metrics.tracing()).isSameAs(JobTracing.NONE);

		// A name of this run's own: the database keeps earlier runs' jobs.
		String name = "untraced " + UUID.randomUUID();
		UUID parent = jobs.submit("PARENT", new RecordPayload(name, 0)).id();
		List<UUID> batch = jobs.submitAll(List.of(new JobClient.JobRequest("RECORD", new RecordPayload("u1", 0), null),
				new JobClient.JobRequest("RECORD", new RecordPayload("u2", 0), null)))
			.stream()
			.map(s -> s.job().id())
			.toList();

		awaitStatus(parent, JobStatus.SUCCEEDED, Duration.ofSeconds(15));
		batch.forEach(id -> awaitStatus(id, JobStatus.SUCCEEDED, Duration.ofSeconds(15)));
		UUID child = jdbc.sql("select id from {jobs}.job where type = 'RECORD' and payload ->> 'name' = :name")
			.param("name", "child of " + name)
			.query(UUID.class)
			.single();
		awaitStatus(child, JobStatus.SUCCEEDED, Duration.ofSeconds(15));
		assertThat(jdbc.sql("select count(*) from {jobs}.job where id in (:ids) and trace_context is not null")
			.param("ids", List.of(parent, child, batch.get(0), batch.get(1)))
			.query(Long.class)
			.single()).isZero();
	}

}
