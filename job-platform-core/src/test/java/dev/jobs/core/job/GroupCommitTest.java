package dev.jobs.core.job;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.jobs.core.SubmissionInterruptedException;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link GroupCommit}'s mechanics, with a committer that records its groups and can be held up. */
class GroupCommitTest {

	private final ExecutorService callers = Executors.newCachedThreadPool();

	/** The groups committed, in order, and the thread that committed each. */
	private final List<List<String>> groups = new CopyOnWriteArrayList<>();

	private final List<Thread> committers = new CopyOnWriteArrayList<>();

	/** A group with a held item stays in flight until its hold is released. */
	private final Map<String, Hold> holds = new ConcurrentHashMap<>();

	private record Hold(CountDownLatch started, CountDownLatch release) {
	}

	private Hold hold(String item) {
		Hold hold = new Hold(new CountDownLatch(1), new CountDownLatch(1));
		holds.put(item, hold);
		return hold;
	}

	/** The hold of the first commit, released by the tests. */
	private CountDownLatch release;

	@AfterEach
	void stop() {
		callers.shutdownNow();
	}

	private List<GroupCommit.Outcome<String>> commit(List<String> group) {
		groups.add(List.copyOf(group));
		committers.add(Thread.currentThread());
		for (String item : group) {
			Hold hold = holds.get(item);
			if (hold != null) {
				hold.started().countDown();
				await(hold.release());
			}
		}
		List<GroupCommit.Outcome<String>> outcomes = new ArrayList<>();
		for (String item : group) {
			if (item.startsWith("bad")) {
				outcomes.add(GroupCommit.Outcome.failed(new IllegalArgumentException(item + " is invalid")));
			}
			else if (item.startsWith("db-error")) {
				throw new IllegalStateException("the database refused the group");
			}
			else {
				outcomes.add(GroupCommit.Outcome.of("committed " + item));
			}
		}
		return outcomes;
	}

	private static void await(CountDownLatch latch) {
		try {
			if (!latch.await(30, TimeUnit.SECONDS)) {
				throw new IllegalStateException("never released");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** Starts a commit that stays in flight until {@link #release} opens; returns its caller's result. */
	private Future<String> commitHeldUp(GroupCommit<String, String> group, String item) throws InterruptedException {
		Hold hold = hold(item);
		release = hold.release();
		Future<String> first = callers.submit(() -> group.commit(item));
		assertThat(hold.started().await(30, TimeUnit.SECONDS)).isTrue();
		return first;
	}

	private static void awaitQueued(GroupCommit<String, String> group, int callers) {
		Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> group.queued() == callers);
	}

	@Test
	void aLoneCallCommitsAtOnceOnItsOwnThreadWithoutWaitingForCompany() {
		GroupCommit<String, String> group = new GroupCommit<>(this::commit, 100, 1);

		assertThat(group.commit("a")).isEqualTo("committed a");

		assertThat(groups).containsExactly(List.of("a"));
		assertThat(committers).containsExactly(Thread.currentThread());
		assertThat(group.queued()).isZero();
	}

	@Test
	void callsArrivingWhileACommitIsInFlightShareTheNextCommitEachWithItsOwnOutcome() throws Exception {
		GroupCommit<String, String> group = new GroupCommit<>(this::commit, 100, 1);
		Future<String> first = commitHeldUp(group, "first");
		List<Future<String>> next = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			String item = "next-" + i;
			next.add(callers.submit(() -> group.commit(item)));
		}
		awaitQueued(group, 5);

		release.countDown();

		assertThat(first.get(30, TimeUnit.SECONDS)).isEqualTo("committed first");
		for (int i = 0; i < 5; i++) {
			assertThat(next.get(i).get(30, TimeUnit.SECONDS)).isEqualTo("committed next-" + i);
		}
		assertThat(groups).hasSize(2);
		assertThat(groups.get(1)).containsExactlyInAnyOrder("next-0", "next-1", "next-2", "next-3", "next-4");
	}

	@Test
	void aGroupTakesAtMostTheMaximumAndTheRestFormTheNext() throws Exception {
		GroupCommit<String, String> group = new GroupCommit<>(this::commit, 3, 1);
		Future<String> first = commitHeldUp(group, "first");
		List<Future<String>> next = new ArrayList<>();
		for (int i = 0; i < 7; i++) {
			String item = "next-" + i;
			next.add(callers.submit(() -> group.commit(item)));
		}
		awaitQueued(group, 7);

		release.countDown();

		first.get(30, TimeUnit.SECONDS);
		for (Future<String> f : next) {
			f.get(30, TimeUnit.SECONDS);
		}
		assertThat(groups).extracting(List::size).containsExactly(1, 3, 3, 1);
	}

	@Test
	void withTwoCommitsInFlightASecondCallerCommitsAtOnceAndOnlyAThirdQueues() throws Exception {
		GroupCommit<String, String> group = new GroupCommit<>(this::commit, 100, 2);
		Future<String> first = commitHeldUp(group, "first");

		assertThat(group.commit("second")).as("a slot was free").isEqualTo("committed second");
		Hold hold = hold("third");
		Future<String> third = callers.submit(() -> group.commit("third"));
		assertThat(hold.started().await(30, TimeUnit.SECONDS)).isTrue();
		Future<String> fourth = callers.submit(() -> group.commit("fourth"));
		awaitQueued(group, 1);
		release.countDown();

		assertThat(first.get(30, TimeUnit.SECONDS)).isEqualTo("committed first");
		assertThat(fourth.get(30, TimeUnit.SECONDS)).isEqualTo("committed fourth");
		hold.release().countDown();
		assertThat(third.get(30, TimeUnit.SECONDS)).isEqualTo("committed third");
		assertThat(groups).containsExactly(List.of("first"), List.of("second"), List.of("third"), List.of("fourth"));
	}

	@Test
	void anErrorOfOneCallerFailsOnlyThatCaller() throws Exception {
		GroupCommit<String, String> group = new GroupCommit<>(this::commit, 100, 1);
		Future<String> first = commitHeldUp(group, "first");
		Future<String> good = callers.submit(() -> group.commit("good"));
		Future<String> bad = callers.submit(() -> group.commit("bad"));
		awaitQueued(group, 2);

		release.countDown();

		first.get(30, TimeUnit.SECONDS);
		assertThat(good.get(30, TimeUnit.SECONDS)).isEqualTo("committed good");
		assertThatThrownBy(() -> bad.get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("bad is invalid");
		assertThat(groups.get(1)).containsExactlyInAnyOrder("good", "bad");
	}

	@Test
	void anErrorOfTheGroupsCommitFailsEveryCallerOfThatGroupAndNoOther() throws Exception {
		GroupCommit<String, String> group = new GroupCommit<>(this::commit, 100, 1);
		Future<String> first = commitHeldUp(group, "first");
		Future<String> innocent = callers.submit(() -> group.commit("innocent"));
		Future<String> doomed = callers.submit(() -> group.commit("db-error"));
		awaitQueued(group, 2);

		release.countDown();

		assertThat(first.get(30, TimeUnit.SECONDS)).isEqualTo("committed first");
		for (Future<String> f : List.of(innocent, doomed)) {
			assertThatThrownBy(() -> f.get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(IllegalStateException.class)
				.hasMessageContaining("the database refused the group");
		}
		assertThat(group.commit("after")).as("the next group commits as usual").isEqualTo("committed after");
	}

	@Test
	void aCallerInterruptedBeforeItsGroupsCommitLeavesTheQueueUncommittedAndKeepsItsInterruptFlag() throws Exception {
		GroupCommit<String, String> group = new GroupCommit<>(this::commit, 100, 1);
		Future<String> first = commitHeldUp(group, "first");
		CompletableFuture<String> outcome = new CompletableFuture<>();
		Future<?> interrupted = callers.submit(() -> {
			try {
				outcome.complete(group.commit("interrupted"));
			}
			catch (SubmissionInterruptedException ex) {
				outcome.complete("not submitted" + (Thread.currentThread().isInterrupted() ? ", interrupted" : ""));
			}
		});
		awaitQueued(group, 1);

		interrupted.cancel(true);

		assertThat(outcome.get(30, TimeUnit.SECONDS)).isEqualTo("not submitted, interrupted");
		awaitQueued(group, 0);
		release.countDown();
		first.get(30, TimeUnit.SECONDS);
		assertThat(group.commit("after")).isEqualTo("committed after");
		assertThat(groups).containsExactly(List.of("first"), List.of("after"));
	}

	@Test
	void aCallerInterruptedOnceItsGroupsCommitBeganWaitsForItsOutcomeAndKeepsItsInterruptFlag() throws Exception {
		GroupCommit<String, String> group = new GroupCommit<>(this::commit, 100, 1);
		Future<String> first = commitHeldUp(group, "first");
		Hold second = hold("leader");
		Future<String> leader = callers.submit(() -> group.commit("leader"));
		awaitQueued(group, 1);
		CompletableFuture<String> outcome = new CompletableFuture<>();
		Thread follower = new Thread(() -> {
			try {
				String value = group.commit("follower");
				outcome.complete(value + (Thread.currentThread().isInterrupted() ? ", interrupted" : ""));
			}
			catch (RuntimeException ex) {
				outcome.complete(ex.toString());
			}
		});
		follower.start();
		awaitQueued(group, 2);
		release.countDown();
		assertThat(second.started().await(30, TimeUnit.SECONDS)).as("the group of leader and follower is in flight")
			.isTrue();

		follower.interrupt();
		second.release().countDown();

		assertThat(outcome.get(30, TimeUnit.SECONDS)).isEqualTo("committed follower, interrupted");
		assertThat(leader.get(30, TimeUnit.SECONDS)).isEqualTo("committed leader");
		assertThat(first.get(30, TimeUnit.SECONDS)).isEqualTo("committed first");
		assertThat(groups.get(1)).containsExactly("leader", "follower");
	}

}
