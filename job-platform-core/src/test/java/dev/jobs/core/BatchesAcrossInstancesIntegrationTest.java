package dev.jobs.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import dev.jobs.testapp.TestApplication;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fan-in's "exactly once" on two more application instances (A and B) sharing the database and the broker, each
 * with sixteen consumers: a thousand members ending at the same moment on both fire each callback once, whatever
 * order their ends commit in, and their counts add up.
 */
class BatchesAcrossInstancesIntegrationTest extends IntegrationTest {

	private static final List<ConfigurableApplicationContext> INSTANCES = new ArrayList<>();

	@BeforeAll
	static void startTwoInstances() {
		String prefix = System.getenv().getOrDefault("JOBS_TEST_BROKER_PREFIX", "jobs-test") + "-batches";
		for (String name : List.of("batches-a", "batches-b")) {
			INSTANCES.add(new SpringApplicationBuilder(TestApplication.class, TestHandlers.class,
					BatchTestHandlers.class)
				.web(WebApplicationType.NONE)
				.profiles("test")
				.run("--jobs.broker.prefix=" + prefix, "--jobs.worker.id=" + name, "--spring.application.name=" + name,
						"--jobs.types.RECORD.concurrency=16", "--jobs.types.RECORD.prefetch=4"));
		}
	}

	@AfterAll
	static void stopThem() {
		INSTANCES.forEach(ConfigurableApplicationContext::close);
	}

	@Test
	void aThousandMembersEndingTogetherOnTwoInstancesFireEachCallbackOnce() {
		BatchSubmission batch = submit(1000, 0);

		UUID onSuccess = batch.callbacks().get(BatchCallback.ON_SUCCESS);
		UUID onComplete = batch.callbacks().get(BatchCallback.ON_COMPLETE);
		awaitStatus(onSuccess, JobStatus.SUCCEEDED, Duration.ofSeconds(120));
		awaitStatus(onComplete, JobStatus.SUCCEEDED, Duration.ofSeconds(30));
		awaitStatus(batch.callbacks().get(BatchCallback.ON_FAILURE), JobStatus.CANCELLED, Duration.ofSeconds(30));

		assertThat(TestHandlers.executions(onSuccess)).isEqualTo(1);
		assertThat(TestHandlers.executions(onComplete)).isEqualTo(1);
		assertThat(attempts(onSuccess)).hasSize(1);
		BatchView view = INSTANCES.get(0).getBean(Batches.class).find(batch.id()).orElseThrow();
		assertThat(view.status()).isEqualTo(BatchStatus.SUCCEEDED);
		assertThat(view.succeeded()).isEqualTo(1000);
		// (The suite's own instance may run a few too: its relay shares the database and publishes rows it finds.)
		assertThat(jdbc.sql("select distinct a.worker_id from {jobs}.job_attempt a join {jobs}.job j on j.id = a.job_id"
				+ " where j.batch_id = :id").param("id", batch.id()).query(String.class).list())
			.as("both instances ended members").contains("batches-a", "batches-b");
		assertThat(jdbc.sql("select count(*) from {jobs}.job where batch_id = :id and attempt <> 1")
			.param("id", batch.id()).query(Long.class).single()).as("every member ran once").isZero();
	}

	@Test
	void failuresEndingTogetherOnTwoInstancesFireOnFailureOnce() {
		BatchSubmission batch = submit(200, 40);

		UUID onFailure = batch.callbacks().get(BatchCallback.ON_FAILURE);
		awaitStatus(batch.callbacks().get(BatchCallback.ON_COMPLETE), JobStatus.SUCCEEDED, Duration.ofSeconds(120));
		awaitStatus(onFailure, JobStatus.SUCCEEDED, Duration.ofSeconds(30));
		awaitStatus(batch.callbacks().get(BatchCallback.ON_SUCCESS), JobStatus.CANCELLED, Duration.ofSeconds(30));

		assertThat(TestHandlers.executions(onFailure)).isEqualTo(1);
		BatchView view = INSTANCES.get(1).getBean(Batches.class).find(batch.id()).orElseThrow();
		assertThat(view.status()).isEqualTo(BatchStatus.FAILED);
		assertThat(view.failed()).isEqualTo(40);
		assertThat(view.succeeded()).isEqualTo(160);
	}

	/** A batch of {@code RECORD} members, the first {@code failing} of which fail at once, with all three callbacks. */
	private static BatchSubmission submit(int members, int failing) {
		BatchBuilder builder = INSTANCES.get(0).getBean(JobClient.class).batch().description(members + " at once");
		for (int i = 0; i < members; i++) {
			SubmitOptions options = SubmitOptions.defaults().withMaxAttempts(1);
			builder.add((i < failing) ? "ALWAYS_FAIL" : "RECORD",
					(i < failing) ? new TestHandlers.FailPayload("member " + i)
							: new TestHandlers.RecordPayload("member-" + i, 0), options);
		}
		return builder
			.onSuccess("BATCH_CALLBACK", new BatchTestHandlers.CallbackPayload("success"), SubmitOptions.defaults())
			.onComplete("BATCH_CALLBACK", new BatchTestHandlers.CallbackPayload("complete"), SubmitOptions.defaults())
			.onFailure("BATCH_CALLBACK", new BatchTestHandlers.CallbackPayload("failure"), SubmitOptions.defaults())
			.submit();
	}

}
