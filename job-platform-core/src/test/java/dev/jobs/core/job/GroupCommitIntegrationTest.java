package dev.jobs.core.job;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import dev.jobs.core.IdempotencyConflictException;
import dev.jobs.core.IntegrationTest;
import dev.jobs.core.InvalidJobPayloadException;
import dev.jobs.core.JobClient.Submission;
import dev.jobs.core.JobStatus;
import dev.jobs.core.SubmitOptions;
import dev.jobs.core.TestHandlers;
import dev.jobs.core.TestHandlers.RecordPayload;
import dev.jobs.core.TooManyActiveJobsException;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Group commit of {@code submit} calls made outside a transaction, on the real PostgreSQL and RabbitMQ. A group is
 * made to form by holding the commits in flight: their callers submit with idempotency keys that another
 * transaction has inserted and not yet committed, so their inserts wait on the unique index while the others queue.
 */
class GroupCommitIntegrationTest extends IntegrationTest {

	private final ExecutorService callers = Executors.newCachedThreadPool();

	@Autowired
	private DataSource dataSource;

	@Autowired
	private PlatformTransactionManager transactions;

	@Autowired
	private JobMetrics metrics;

	@AfterEach
	void stop() {
		callers.shutdownNow();
	}

	private DefaultJobClient client() {
		return (DefaultJobClient) jobs;
	}

	/**
	 * Every commit slot in flight ({@link SubmitSettings#DEFAULT_MAX_COMMITS_IN_FLIGHT}), each waiting until
	 * {@link #release()}: every later caller queues.
	 */
	private final class HeldCommit implements AutoCloseable {

		private final List<Connection> blockers = new ArrayList<>();

		private final List<Future<Submission>> held = new ArrayList<>();

		HeldCommit() throws Exception {
			for (int i = 1; i <= SubmitSettings.DEFAULT_MAX_COMMITS_IN_FLIGHT; i++) {
				Connection blocker = dataSource.getConnection();
				blockers.add(blocker);
				blocker.setAutoCommit(false);
				String key = "held-" + UUID.randomUUID();
				try (PreparedStatement insert = blocker.prepareStatement(dev.jobs.core.PlatformSchema.defaultSchema().sql("""
						insert into {jobs}.job (id, type, payload, status, max_attempts, run_at, idempotency_key, created_by)
						values (?, 'RECORD', '{"name": "blocker", "sleepMillis": 0}', 'PENDING', 1, now(), ?, 'system')"""))) {
					insert.setObject(1, UUID.randomUUID());
					insert.setString(2, key);
					insert.executeUpdate();
				}
				held.add(callers.submit(() -> jobs.submit("RECORD", new RecordPayload("held", 0),
						SubmitOptions.defaults().withIdempotencyKey(key))));
				int waiting = i;
				Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql("""
						select count(*) from pg_stat_activity
						 where datname = current_database() and wait_event_type = 'Lock' and query like 'insert into {jobs}.job%'""")
					.query(Long.class).single() >= waiting);
			}
		}

		/** The held callers' outcomes, once released. */
		List<Submission> outcomes() throws Exception {
			List<Submission> outcomes = new ArrayList<>();
			for (Future<Submission> f : held) {
				outcomes.add(outcome(f));
			}
			return outcomes;
		}

		/**
		 * The first blocking transaction rolls back: its held insert goes on, and the slot it frees goes to the
		 * oldest queued caller, who takes every queued caller into one group; then the other held inserts go on.
		 */
		void release() throws Exception {
			blockers.get(0).rollback();
			awaitQueued(0);
			for (Connection blocker : blockers) {
				blocker.rollback();
			}
		}

		@Override
		public void close() throws Exception {
			for (Connection blocker : blockers) {
				blocker.rollback();
				blocker.close();
			}
		}

	}

	private Future<Submission> submitLater(Callable<Submission> submit) {
		return callers.submit(submit);
	}

	private void awaitQueued(int n) {
		Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> client().waitingForCommit() == n);
	}

	private static Submission outcome(Future<Submission> future) throws Exception {
		try {
			return future.get(30, TimeUnit.SECONDS);
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof Exception cause) {
				throw cause;
			}
			throw ex;
		}
	}

	/**
	 * How many transactions inserted these jobs: {@code created_at} defaults to {@code now()}, the inserting
	 * transaction's start, in microseconds. ({@code xmin} would say it too, but only until a worker claims the
	 * job and rewrites its row, which may come first.)
	 */
	private long transactionsOf(List<UUID> ids) {
		return jdbc.sql("select count(distinct created_at) from {jobs}.job where id in (:ids)").param("ids", ids)
			.query(Long.class).single();
	}

	@Test
	void concurrentSubmitsAreAllDurableWithDistinctIdsAndEachRunsOnce() throws Exception {
		List<Future<List<UUID>>> threads = new ArrayList<>();
		// Enough callers to form groups, few enough jobs that the test profile's 4 s overdue backstop stays quiet.
		for (int t = 0; t < 8; t++) {
			int thread = t;
			threads.add(callers.submit(() -> {
				List<UUID> ids = new ArrayList<>();
				for (int i = 0; i < 20; i++) {
					ids.add(jobs.submit("RECORD", new RecordPayload("many " + thread + "/" + i, 0)).id());
				}
				return ids;
			}));
		}
		List<UUID> ids = new ArrayList<>();
		for (Future<List<UUID>> f : threads) {
			ids.addAll(f.get(60, TimeUnit.SECONDS));
		}

		assertThat(ids).hasSize(160).doesNotHaveDuplicates();
		assertThat(jdbc.sql("select count(*) from {jobs}.job where id in (:ids)").param("ids", ids).query(Long.class).single())
			.as("every id returned is a committed job").isEqualTo(160);
		for (UUID id : ids) {
			awaitStatus(id, JobStatus.SUCCEEDED, Duration.ofSeconds(60));
		}
		assertThat(ids).allSatisfy(id -> assertThat(TestHandlers.executions(id)).isEqualTo(1));
	}

	@Test
	void callersQueuedBehindACommitShareOneCommitEachWithItsOwnOutcome() throws Exception {
		String marker = UUID.randomUUID().toString();
		String existingKey = "existing-" + marker;
		Submission existing = jobs.submit("RECORD", new RecordPayload("existing " + marker, 0),
				SubmitOptions.defaults().withIdempotencyKey(existingKey));
		String sharedKey = "shared-" + marker;
		String owner = "limited-" + marker;
		Map<String, Future<Submission>> outcomes = new java.util.LinkedHashMap<>();
		try (HeldCommit held = new HeldCommit()) {
			outcomes.put("plain", submitLater(() -> jobs.submit("RECORD", new RecordPayload("plain " + marker, 0))));
			awaitQueued(1);
			outcomes.put("shared 1", submitLater(() -> jobs.submit("RECORD", new RecordPayload("shared " + marker, 0),
					SubmitOptions.defaults().withIdempotencyKey(sharedKey))));
			awaitQueued(2);
			outcomes.put("shared 2", submitLater(() -> jobs.submit("RECORD", new RecordPayload("shared " + marker, 0),
					SubmitOptions.defaults().withIdempotencyKey(sharedKey))));
			outcomes.put("replay", submitLater(() -> jobs.submit("RECORD", new RecordPayload("existing " + marker, 0),
					SubmitOptions.defaults().withIdempotencyKey(existingKey))));
			outcomes.put("conflict", submitLater(() -> jobs.submit("RECORD", new RecordPayload("changed " + marker, 0),
					SubmitOptions.defaults().withIdempotencyKey(existingKey))));
			awaitQueued(5);
			// LAGGY allows 2 active jobs per submitter: the third of the group is refused, alone.
			for (int i = 1; i <= 3; i++) {
				String name = "limited " + i + " " + marker;
				outcomes.put("limited " + i, submitLater(() -> jobs.submit("LAGGY", new RecordPayload(name, 0),
						SubmitOptions.defaults().withCreatedBy(owner))));
				awaitQueued(5 + i);
			}
			Future<Submission> invalid = submitLater(() -> jobs.submit("RECORD", Map.of("name", marker, "sleepMillis", -1)));
			assertThatThrownBy(() -> outcome(invalid)).as("a payload that does not validate never joins the group")
				.isInstanceOf(InvalidJobPayloadException.class);

			held.release();
			assertThat(held.outcomes()).allSatisfy(h -> assertThat(h.created()).isTrue());
		}

		Submission plain = outcome(outcomes.get("plain"));
		Submission shared1 = outcome(outcomes.get("shared 1"));
		Submission shared2 = outcome(outcomes.get("shared 2"));
		Submission replay = outcome(outcomes.get("replay"));
		assertThat(plain.created()).isTrue();
		assertThat(shared1.created()).isTrue();
		assertThat(shared2.created()).as("the same key twice in a group makes one job").isFalse();
		assertThat(shared2.id()).isEqualTo(shared1.id());
		assertThat(replay.created()).isFalse();
		assertThat(replay.id()).isEqualTo(existing.id());
		assertThatThrownBy(() -> outcome(outcomes.get("conflict"))).isInstanceOf(IdempotencyConflictException.class);
		Submission limited1 = outcome(outcomes.get("limited 1"));
		Submission limited2 = outcome(outcomes.get("limited 2"));
		assertThatThrownBy(() -> outcome(outcomes.get("limited 3"))).isInstanceOf(TooManyActiveJobsException.class);

		List<UUID> created = List.of(plain.id(), shared1.id(), limited1.id(), limited2.id());
		assertThat(transactionsOf(created)).as("the queued callers' jobs were written by one transaction").isEqualTo(1);
		assertThat(jdbc.sql("select count(*) from {jobs}.job where idempotency_key = :key").param("key", sharedKey)
			.query(Long.class).single()).isEqualTo(1);
		assertThat(jdbc.sql("select count(*) from {jobs}.job where created_by = :owner").param("owner", owner)
			.query(Long.class).single()).isEqualTo(2);
		for (UUID id : List.of(plain.id(), shared1.id())) {
			awaitStatus(id, JobStatus.SUCCEEDED, Duration.ofSeconds(60));
			assertThat(TestHandlers.executions(id)).isEqualTo(1);
		}
	}

	@Test
	void aDatabaseErrorFailsEveryCallerOfTheGroupAndNoneGetsAnId() throws Exception {
		String marker = UUID.randomUUID().toString();
		jdbc.sql("""
				create or replace function group_commit_test_refuse() returns trigger language plpgsql as $$
				begin
				  if new.payload ->> 'name' = 'doomed %1$s' then
				    raise exception 'refused by the test''s trigger';
				  end if;
				  return new;
				end $$""".formatted(marker)).update();
		jdbc.sql("create trigger group_commit_test_refuse before insert on {jobs}.job for each row "
				+ "execute function group_commit_test_refuse()").update();
		try {
			List<Future<Submission>> group = new ArrayList<>();
			try (HeldCommit held = new HeldCommit()) {
				for (String name : List.of("innocent 1", "doomed", "innocent 2")) {
					group.add(submitLater(() -> jobs.submit("RECORD", new RecordPayload(name + " " + marker, 0))));
					awaitQueued(group.size());
				}
				held.release();
				assertThat(held.outcomes()).allSatisfy(h -> assertThat(h.created()).isTrue());
			}

			for (Future<Submission> caller : group) {
				assertThatThrownBy(() -> outcome(caller)).isInstanceOf(DataAccessException.class)
					.hasMessageContaining("refused by the test's trigger");
			}
			assertThat(jdbc.sql("select count(*) from {jobs}.job where payload ->> 'name' like :names")
				.param("names", "% " + marker).query(Long.class).single()).as("nothing of the group was committed")
				.isZero();
			Submission after = jobs.submit("RECORD", new RecordPayload("after " + marker, 0));
			awaitStatus(after.id(), JobStatus.SUCCEEDED, Duration.ofSeconds(30));
		}
		finally {
			jdbc.sql("drop trigger if exists group_commit_test_refuse on {jobs}.job").update();
			jdbc.sql("drop function if exists group_commit_test_refuse()").update();
		}
	}

	@Test
	void aCallerWhoseDataTheDatabaseRefusesFailsAloneAndTheRestOfItsGroupCommits() throws Exception {
		String marker = UUID.randomUUID().toString();
		List<Future<Submission>> group = new ArrayList<>();
		try (HeldCommit held = new HeldCommit()) {
			// jsonb cannot store U+0000: the group's insert fails on this caller's data.
			for (String name : List.of("good 1", "bad \u0000", "good 2")) {
				group.add(submitLater(() -> jobs.submit("RECORD", new RecordPayload(name + " " + marker, 0))));
				awaitQueued(group.size());
			}
			held.release();
			held.outcomes();
		}

		assertThatThrownBy(() -> outcome(group.get(1))).isInstanceOf(DataAccessException.class);
		for (Future<Submission> good : List.of(group.get(0), group.get(2))) {
			Submission s = outcome(good);
			assertThat(s.created()).isTrue();
			awaitStatus(s.id(), JobStatus.SUCCEEDED, Duration.ofSeconds(30));
		}
	}

	@Test
	void aLoneSubmitCommitsAtOnceAsAGroupOfOne() {
		HistogramSnapshot before = groupSizes();

		Submission lone = jobs.submit("RECORD", new RecordPayload("lone " + UUID.randomUUID(), 0));

		HistogramSnapshot after = groupSizes();
		assertThat(after.count() - before.count()).isEqualTo(1);
		assertThat(after.total() - before.total()).as("committed alone, without waiting for company").isEqualTo(1);
		assertThat(jdbc.sql("select count(*) from {jobs}.job where id = :id").param("id", lone.id()).query(Long.class)
			.single()).as("durable when submit returns").isEqualTo(1);
	}

	private HistogramSnapshot groupSizes() {
		var summary = metrics.registry().find("jobs.submit.group.size").summary();
		return (summary != null) ? summary.takeSnapshot() : HistogramSnapshot.empty(0, 0, 0);
	}

	@Test
	void insideACallersTransactionSubmitJoinsItWithoutQueueingAndARollbackRemovesTheJob() throws Exception {
		TransactionTemplate transaction = new TransactionTemplate(transactions);
		String marker = UUID.randomUUID().toString();
		UUID rolledBack;
		try (HeldCommit held = new HeldCommit()) {
			// Were it queued behind the held commit, it would not return before the release.
			rolledBack = callers.submit(() -> transaction.execute(status -> {
				UUID id = jobs.submit("RECORD", new RecordPayload("rolled back " + marker, 0)).id();
				status.setRollbackOnly();
				return id;
			})).get(30, TimeUnit.SECONDS);
			held.release();
			held.outcomes();
		}

		assertThat(jdbc.sql("select count(*) from {jobs}.job where id = :id").param("id", rolledBack).query(Long.class)
			.single()).isZero();
		Submission committed = transaction.execute(status -> jobs.submit("RECORD", new RecordPayload("kept " + marker, 0)));
		awaitStatus(committed.id(), JobStatus.SUCCEEDED, Duration.ofSeconds(30));
		assertThat(TestHandlers.executions(rolledBack)).isZero();
	}

	@Test
	void theSameKeyFromConcurrentCallersMakesOneJob() throws Exception {
		String key = "concurrent-" + UUID.randomUUID();
		List<Future<Submission>> submissions = new ArrayList<>();
		for (int i = 0; i < 12; i++) {
			submissions.add(submitLater(() -> jobs.submit("RECORD", new RecordPayload("once " + key, 0),
					SubmitOptions.defaults().withIdempotencyKey(key))));
		}
		Set<UUID> ids = new HashSet<>();
		int created = 0;
		for (Future<Submission> f : submissions) {
			Submission s = outcome(f);
			ids.add(s.id());
			created += s.created() ? 1 : 0;
		}

		assertThat(ids).hasSize(1);
		assertThat(created).isEqualTo(1);
		UUID id = ids.iterator().next();
		awaitStatus(id, JobStatus.SUCCEEDED, Duration.ofSeconds(30));
		assertThat(TestHandlers.executions(id)).isEqualTo(1);
	}

}
