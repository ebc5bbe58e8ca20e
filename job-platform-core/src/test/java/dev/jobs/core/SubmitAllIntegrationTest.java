package dev.jobs.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.jobs.core.JobClient.JobRequest;
import dev.jobs.core.JobClient.Submission;
import dev.jobs.core.TestHandlers.RecordPayload;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link JobClient#submitAll}: many jobs in one statement, all or none, with submit's rules on each. */
class SubmitAllIntegrationTest extends IntegrationTest {

	@Test
	void manyJobsAreSubmittedTogetherAndAllRun() {
		List<JobRequest> requests = new ArrayList<>();
		for (int i = 0; i < 25; i++) {
			requests.add(JobRequest.of("RECORD", new RecordPayload("bulk " + i, 0)));
		}

		List<Submission> submitted = jobs.submitAll(requests);

		assertThat(submitted).hasSize(25).allSatisfy(s -> assertThat(s.created()).isTrue());
		assertThat(submitted).extracting(Submission::id).doesNotHaveDuplicates();
		assertThat(submitted.get(7).job().payload().get("name").asString()).isEqualTo("bulk 7");
		for (Submission s : submitted) {
			awaitStatus(s.id(), JobStatus.SUCCEEDED, Duration.ofSeconds(30));
			assertThat(TestHandlers.executions(s.id())).isEqualTo(1);
		}
	}

	@Test
	void typedRequestsAreSubmittedTogetherAndAMessageTypeIsRefusedNamingItsIndex() {
		JobType<RecordPayload> record = JobType.of("RECORD", RecordPayload.class);
		String name = "typed " + UUID.randomUUID();

		List<Submission> submitted = jobs.submitAll(List.of(JobRequest.of(record, new RecordPayload(name, 0)),
				JobRequest.of(record, new RecordPayload(name, 0), SubmitOptions.defaults().withPriority(5))));

		assertThat(submitted).extracting(s -> s.job().type()).containsExactly("RECORD", "RECORD");
		assertThat(submitted.get(1).job().priority()).isEqualTo(5);
		awaitStatus(submitted.get(1).id(), JobStatus.SUCCEEDED, Duration.ofSeconds(30));
		assertThatThrownBy(() -> jobs.submitAll(List.of(JobRequest.of(record, new RecordPayload(name + " not", 0)),
				JobRequest.of("MESSAGE_PROBE", new TestHandlers.MessagePayload("k", false, 0)))))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("jobs[1]")
			.hasMessageContaining("delivered as messages");
		assertThat(jdbc.sql("select count(*) from {jobs}.job where payload->>'name' = :name").param("name", name + " not")
			.query(Long.class).single()).as("all or none").isZero();
	}

	@Test
	void keyUsedTwiceInOneCallMakesOneJob() {
		String key = "bulk-" + UUID.randomUUID();
		SubmitOptions keyed = SubmitOptions.defaults().withIdempotencyKey(key);

		List<Submission> submitted = jobs.submitAll(List.of(new JobRequest("RECORD", new RecordPayload("same", 0), keyed),
				JobRequest.of("RECORD", new RecordPayload("other", 0)),
				new JobRequest("RECORD", new RecordPayload("same", 0), keyed)));

		assertThat(submitted.get(0).created()).isTrue();
		assertThat(submitted.get(2).created()).as("the repeat in the same call replays the first").isFalse();
		assertThat(submitted.get(2).id()).isEqualTo(submitted.get(0).id());
		assertThat(jdbc.sql("select count(*) from {jobs}.job where idempotency_key = :key").param("key", key)
			.query(Long.class).single()).isEqualTo(1);
	}

	@Test
	void keyUsedByAnEarlierCallReplaysThatJob() {
		String key = "bulk-" + UUID.randomUUID();
		SubmitOptions keyed = SubmitOptions.defaults().withIdempotencyKey(key);
		UUID earlier = jobs.submitAll(List.of(new JobRequest("RECORD", new RecordPayload("first", 0), keyed))).get(0).id();

		List<Submission> again = jobs.submitAll(List.of(JobRequest.of("RECORD", new RecordPayload("new", 0)),
				new JobRequest("RECORD", new RecordPayload("first", 0), keyed)));

		assertThat(again.get(0).created()).isTrue();
		assertThat(again.get(1).created()).isFalse();
		assertThat(again.get(1).id()).isEqualTo(earlier);
	}

	@Test
	void keyReusedWithAnotherPayloadFailsTheWholeCallAndWritesNothing() {
		String key = "bulk-" + UUID.randomUUID();
		String marker = "all-or-nothing-" + UUID.randomUUID();
		jobs.submit("RECORD", new RecordPayload("original", 0), SubmitOptions.defaults().withIdempotencyKey(key));

		assertThatThrownBy(() -> jobs.submitAll(List.of(JobRequest.of("RECORD", new RecordPayload(marker, 0)),
				new JobRequest("RECORD", new RecordPayload("changed", 0), SubmitOptions.defaults().withIdempotencyKey(key)))))
			.isInstanceOf(IdempotencyConflictException.class);

		assertThat(jdbc.sql("select count(*) from {jobs}.job where payload ->> 'name' = :name").param("name", marker)
			.query(Long.class).single()).as("the valid job of the call was not written").isZero();
	}

	@Test
	void everyInvalidJobOfTheListIsNamedNotOnlyTheFirst() {
		String marker = "invalid-jobs-" + UUID.randomUUID();

		assertThatThrownBy(() -> jobs.submitAll(List.of(
				JobRequest.of("RECORD", java.util.Map.of("name", marker, "sleepMillis", -1)),
				JobRequest.of("RECORD", new RecordPayload(marker, 0)),
				JobRequest.of("RECORD", java.util.Map.of("name", marker, "sleepMillis", -2)))))
			.isInstanceOfSatisfying(InvalidJobPayloadException.class,
					ex -> assertThat(ex.errors()).extracting(InvalidJobPayloadException.FieldError::field)
						.containsExactly("jobs[0].payload.sleepMillis", "jobs[2].payload.sleepMillis"));

		assertThat(jdbc.sql("select count(*) from {jobs}.job where payload ->> 'name' = :name").param("name", marker)
			.query(Long.class).single()).isZero();
	}

	@Test
	void invalidPayloadNamesTheJobsIndexAndFieldAndNothingIsWritten() {
		String marker = "invalid-batch-" + UUID.randomUUID();

		assertThatThrownBy(() -> jobs.submitAll(List.of(JobRequest.of("RECORD", new RecordPayload(marker, 0)),
				JobRequest.of("RECORD", java.util.Map.of("name", marker, "sleepMillis", -1)))))
			.isInstanceOfSatisfying(InvalidJobPayloadException.class, ex -> assertThat(ex.errors())
				.singleElement()
				.satisfies(e -> assertThat(e.field()).isEqualTo("jobs[1].payload.sleepMillis")));

		assertThat(jdbc.sql("select count(*) from {jobs}.job where payload ->> 'name' = :name").param("name", marker)
			.query(Long.class).single()).isZero();
	}

	@Test
	void activeLimitCountsTheWholeCall() {
		String owner = "bulk-owner-" + UUID.randomUUID();
		SubmitOptions asOwner = SubmitOptions.defaults().withCreatedBy(owner);
		// LAGGY allows 2 active jobs per submitter: three in one call are refused, all of them.
		assertThatThrownBy(() -> jobs.submitAll(List.of(new JobRequest("LAGGY", new RecordPayload("1", 0), asOwner),
				new JobRequest("LAGGY", new RecordPayload("2", 0), asOwner),
				new JobRequest("LAGGY", new RecordPayload("3", 0), asOwner))))
			.isInstanceOf(TooManyActiveJobsException.class);

		assertThat(jdbc.sql("select count(*) from {jobs}.job where created_by = :owner").param("owner", owner)
			.query(Long.class).single()).isZero();
	}

}
