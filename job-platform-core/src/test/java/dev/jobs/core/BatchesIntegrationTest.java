package dev.jobs.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Batches on the real services: callbacks fire once, when their condition comes, in the transaction of the member's
 * end that met it; a retry runs the batch again; a cancel stops it; members add members as they run.
 */
class BatchesIntegrationTest extends IntegrationTest {

	private static final Duration WAIT = Duration.ofSeconds(30);

	@Autowired
	Batches batches;

	private final List<UUID> probed = new ArrayList<>();

	@AfterEach
	void removeProbes() {
		probed.forEach(id -> TestHandlers.onRun(id, null));
	}

	@Test
	void aBatchWhoseMembersAllSucceedFiresOnSuccessAndOnCompleteOnceAndCancelsOnFailure() {
		BatchBuilder builder = jobs.batch().description("twenty records").createdBy("alice");
		for (int i = 0; i < 20; i++) {
			builder.add("RECORD", new TestHandlers.RecordPayload("member-" + i, 0));
		}
		BatchSubmission batch = builder
			.onSuccess("BATCH_CALLBACK", new BatchTestHandlers.CallbackPayload("success"), SubmitOptions.defaults())
			.onComplete("BATCH_CALLBACK", new BatchTestHandlers.CallbackPayload("complete"), SubmitOptions.defaults())
			.onFailure("BATCH_CALLBACK", new BatchTestHandlers.CallbackPayload("failure"), SubmitOptions.defaults())
			.submit();

		assertThat(batch.members()).hasSize(20);
		assertThat(jobs.find(batch.callbacks().get(BatchCallback.ON_SUCCESS)).orElseThrow().status())
			.isIn(JobStatus.AWAITING, JobStatus.PENDING, JobStatus.QUEUED, JobStatus.RUNNING, JobStatus.SUCCEEDED);
		UUID onSuccess = batch.callbacks().get(BatchCallback.ON_SUCCESS);
		UUID onComplete = batch.callbacks().get(BatchCallback.ON_COMPLETE);
		UUID onFailure = batch.callbacks().get(BatchCallback.ON_FAILURE);
		awaitStatus(onSuccess, JobStatus.SUCCEEDED, WAIT);
		awaitStatus(onComplete, JobStatus.SUCCEEDED, WAIT);
		JobView notRun = awaitStatus(onFailure, JobStatus.CANCELLED, WAIT);

		assertThat(notRun.lastError()).contains("no member of batch").contains("failed");
		assertThat(TestHandlers.executions(onSuccess)).isEqualTo(1);
		assertThat(TestHandlers.executions(onComplete)).isEqualTo(1);
		assertThat(TestHandlers.executions(onFailure)).isZero();
		batch.members().forEach(m -> assertThat(TestHandlers.executions(m.id())).isEqualTo(1));
		BatchView seen = BatchTestHandlers.SEEN.get(onSuccess);
		assertThat(seen.id()).isEqualTo(batch.id());
		assertThat(seen.description()).isEqualTo("twenty records");
		assertThat(seen.succeeded()).isEqualTo(20);
		BatchView view = batches.find(batch.id()).orElseThrow();
		assertThat(view.status()).isEqualTo(BatchStatus.SUCCEEDED);
		assertThat(view.total()).isEqualTo(20);
		assertThat(view.ended()).isEqualTo(20);
		assertThat(view.progress()).isEqualTo(1.0);
		assertThat(view.createdBy()).isEqualTo("alice");
		assertThat(view.completedAt()).isNotNull();
		assertThat(batches.members(batch.id(), JobStatus.SUCCEEDED, 0, 50).total()).isEqualTo(20);
		assertThat(batches.batchOf(onSuccess)).contains(batch.id());
		assertThat(batches.batchOf(batch.members().get(3).id())).contains(batch.id());
	}

	@Test
	void theFirstFailedMemberFiresOnFailureAndARetryOfItRunsTheBatchAgainUntilOnSuccessFires() {
		UUID failing = null;
		BatchBuilder builder = jobs.batch().description("one fails first");
		for (int i = 0; i < 5; i++) {
			builder.add("RECORD", new TestHandlers.RecordPayload("member-" + i, 0),
					SubmitOptions.defaults().withMaxAttempts(1).withRunAt(java.time.Instant.now().plusSeconds(1)));
		}
		BatchSubmission batch = builder
			.onSuccess("BATCH_CALLBACK", new BatchTestHandlers.CallbackPayload("success"), SubmitOptions.defaults())
			.onComplete("BATCH_CALLBACK", new BatchTestHandlers.CallbackPayload("complete"), SubmitOptions.defaults())
			.onFailure("BATCH_CALLBACK", new BatchTestHandlers.CallbackPayload("failure"), SubmitOptions.defaults())
			.submit();
		failing = batch.members().get(2).id();
		probed.add(failing);
		TestHandlers.onRun(failing, () -> {
			throw new IllegalStateException("member 2 fails");
		});
		UUID onSuccess = batch.callbacks().get(BatchCallback.ON_SUCCESS);
		UUID onComplete = batch.callbacks().get(BatchCallback.ON_COMPLETE);
		UUID onFailure = batch.callbacks().get(BatchCallback.ON_FAILURE);

		awaitStatus(onFailure, JobStatus.SUCCEEDED, WAIT);
		awaitStatus(onComplete, JobStatus.SUCCEEDED, WAIT);
		JobView disarmed = awaitStatus(onSuccess, JobStatus.CANCELLED, WAIT);
		assertThat(disarmed.lastError()).contains("completed with 1 failed");
		assertThat(batches.find(batch.id()).orElseThrow().status()).isEqualTo(BatchStatus.FAILED);

		TestHandlers.onRun(failing, null);
		Batches.Retried retried = batches.retryFailed(batch.id());

		assertThat(retried.retried()).isEqualTo(1);
		assertThat(retried.batch().status()).isIn(BatchStatus.RUNNING, BatchStatus.SUCCEEDED);
		awaitStatus(onSuccess, JobStatus.SUCCEEDED, WAIT);
		await().atMost(WAIT).until(() -> batches.find(batch.id()).orElseThrow().status() == BatchStatus.SUCCEEDED);
		assertThat(TestHandlers.executions(onSuccess)).isEqualTo(1);
		assertThat(TestHandlers.executions(onComplete)).as("ON_COMPLETE fires on the first completion only")
			.isEqualTo(1);
		assertThat(TestHandlers.executions(onFailure)).isEqualTo(1);
		assertThat(TestHandlers.executions(failing)).isEqualTo(2);
	}

	@Test
	void aMemberAddsMembersAndTheBatchCompletesOnlyAfterThem() {
		BatchSubmission batch = jobs.batch()
			.add("FAN_OUT", new BatchTestHandlers.FanOutPayload(3))
			.onComplete("BATCH_CALLBACK", new BatchTestHandlers.CallbackPayload("complete"), SubmitOptions.defaults())
			.submit();
		UUID onComplete = batch.callbacks().get(BatchCallback.ON_COMPLETE);

		awaitStatus(onComplete, JobStatus.SUCCEEDED, WAIT);

		BatchView seen = BatchTestHandlers.SEEN.get(onComplete);
		assertThat(seen.total()).isEqualTo(4);
		assertThat(seen.succeeded()).isEqualTo(4);
		Batches.Page<JobView> members = batches.members(batch.id(), null, 0, 10);
		assertThat(members.items()).extracting(JobView::type).containsExactlyInAnyOrder("FAN_OUT", "RECORD", "RECORD",
				"RECORD");
		members.items().forEach(m -> assertThat(TestHandlers.executions(m.id())).isEqualTo(1));
		assertThat(TestHandlers.executions(onComplete)).isEqualTo(1);
	}

	@Test
	void aSealedBatchRefusesMembersAddedByAMember() {
		BatchSubmission batch = jobs.batch().sealed()
			.add("FAN_OUT", new BatchTestHandlers.FanOutPayload(2), SubmitOptions.defaults().withMaxAttempts(1))
			.submit();

		JobView member = awaitStatus(batch.members().get(0).id(), JobStatus.FAILED, WAIT);

		assertThat(member.lastError()).contains("takes no more members").contains("sealed");
		assertThat(batches.find(batch.id()).orElseThrow().total()).isEqualTo(1);
		assertThat(batches.find(batch.id()).orElseThrow().status()).isEqualTo(BatchStatus.FAILED);
	}

	@Test
	void cancellingABatchCancelsItsWaitingMembersAndItsCallbacksAndARetryRunsItAgain() {
		BatchBuilder builder = jobs.batch();
		for (int i = 0; i < 5; i++) {
			builder.add("RECORD", new TestHandlers.RecordPayload("later-" + i, 0),
					SubmitOptions.defaults().withRunAt(java.time.Instant.now().plusSeconds(3600)));
		}
		BatchSubmission batch = builder
			.onSuccess("BATCH_CALLBACK", new BatchTestHandlers.CallbackPayload("success"), SubmitOptions.defaults())
			.submit();
		UUID onSuccess = batch.callbacks().get(BatchCallback.ON_SUCCESS);

		BatchView cancelled = batches.cancel(batch.id());

		assertThat(cancelled.status()).isEqualTo(BatchStatus.CANCELLED);
		assertThat(cancelled.cancelled()).isEqualTo(5);
		assertThat(jobs.find(onSuccess).orElseThrow().status()).isEqualTo(JobStatus.CANCELLED);
		batch.members().forEach(m -> assertThat(jobs.find(m.id()).orElseThrow().status()).isEqualTo(JobStatus.CANCELLED));
		assertThat(batches.cancel(batch.id()).cancelled()).as("cancelling twice changes nothing").isEqualTo(5);

		Batches.Retried retried = batches.retryFailed(batch.id());

		assertThat(retried.retried()).isEqualTo(5);
		awaitStatus(onSuccess, JobStatus.SUCCEEDED, WAIT);
		assertThat(batches.find(batch.id()).orElseThrow().status()).isEqualTo(BatchStatus.SUCCEEDED);
		assertThat(TestHandlers.executions(onSuccess)).isEqualTo(1);
	}

	@Test
	void aBatchIsAllOrNoneAndNamesTheMemberWithTheBadPayload() {
		long before = jdbc.sql("select count(*) from {jobs}.job_batch").query(Long.class).single();

		assertThatThrownBy(() -> jobs.batch()
			.add("RECORD", new TestHandlers.RecordPayload("fine", 0))
			.add("RECORD", java.util.Map.of("name", "", "sleepMillis", 0))
			.submit())
			.isInstanceOf(InvalidJobPayloadException.class)
			.satisfies(ex -> assertThat(((InvalidJobPayloadException) ex).errors())
				.anySatisfy(e -> assertThat(e.field()).isEqualTo("members[1].payload.name")));
		assertThatThrownBy(() -> jobs.batch().onSuccess("RECORD", new TestHandlers.RecordPayload("x", 0),
				SubmitOptions.defaults()).submit())
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("at least one member");
		assertThat(jdbc.sql("select count(*) from {jobs}.job_batch").query(Long.class).single()).isEqualTo(before);
	}

	@Test
	void aBatchFailingInTheCallersTransactionLeavesNothingBehind(@Autowired org.springframework.transaction.PlatformTransactionManager tm) {
		org.springframework.transaction.support.TransactionTemplate tx = new org.springframework.transaction.support.TransactionTemplate(tm);
		UUID[] ids = new UUID[1];

		assertThatThrownBy(() -> tx.executeWithoutResult(status -> {
			ids[0] = jobs.batch().add("RECORD", new TestHandlers.RecordPayload("rolled back", 0)).submit().id();
			throw new IllegalStateException("the caller's work fails");
		})).hasMessageContaining("the caller's work fails");

		assertThat(batches.find(ids[0])).isEmpty();
		assertThat(jdbc.sql("select count(*) from {jobs}.job where batch_id = :id").param("id", ids[0]).query(Long.class)
			.single()).isZero();
	}

	@Test
	void deletingEveryMemberOfAnEndedBatchDeletesTheBatch(@Autowired JobAdmin admin) {
		BatchSubmission batch = jobs.batch()
			.add("RECORD", new TestHandlers.RecordPayload("one", 0))
			.add("RECORD", new TestHandlers.RecordPayload("two", 0))
			.submit();
		batch.members().forEach(m -> awaitStatus(m.id(), JobStatus.SUCCEEDED, WAIT));
		await().atMost(WAIT).until(() -> batches.find(batch.id()).orElseThrow().status() == BatchStatus.SUCCEEDED);
		JobAdmin.Actor root = new JobAdmin.Actor("root", role -> true);

		admin.delete(root, List.of(batch.members().get(0).id()));
		assertThat(batches.find(batch.id())).as("kept while a member is").isPresent();
		assertThat(batches.find(batch.id()).orElseThrow().succeeded()).isEqualTo(2);
		admin.delete(root, List.of(batch.members().get(1).id()));

		assertThat(batches.find(batch.id())).isEmpty();
	}

}
