package dev.jobs.types.operationlog;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import dev.jobs.core.message.MessageSender;
import dev.jobs.types.operationlog.OperationLogEntry.Outcome;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The journal between the request threads and the broker, with a sender that stands in for the
 * broker's confirms (the real broker is in OperationLogIntegrationTest and the outage test).
 */
class OperationLogShipperTest {

	@TempDir
	Path journal;

	private final JsonMapper json = JsonMapper.builder().build();

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	/** Confirms what it is sent, after refusing the first {@code refusals} sends (the broker away). */
	static final class Broker implements MessageSender {

		final Set<String> confirmed = ConcurrentHashMap.newKeySet();

		final AtomicInteger refusals;

		final AtomicInteger sends = new AtomicInteger();

		Broker(int refusals) {
			this.refusals = new AtomicInteger(refusals);
		}

		@Override
		public CompletableFuture<Void> send(String type, List<Outgoing> messages) {
			sends.incrementAndGet();
			if (refusals.getAndDecrement() > 0) {
				return CompletableFuture.failedFuture(new IllegalStateException("broker away"));
			}
			messages.forEach(m -> confirmed.add(m.messageId()));
			return CompletableFuture.completedFuture(null);
		}

		@Override
		public CompletableFuture<Void> sendPacked(String type, List<Outgoing> items) {
			return send(type, items);
		}

	}

	private OperationLogProperties properties(int bufferCapacity) {
		OperationLogProperties properties = new OperationLogProperties();
		properties.setJournalDirectory(journal);
		properties.setBufferCapacity(bufferCapacity);
		properties.setShutdownDeliveryTimeout(Duration.ofSeconds(2));
		return properties;
	}

	private static OperationLogEntry entry(String target) {
		return new OperationLogEntry(UUID.randomUUID(), Instant.now(), "tester", "TEST", target, "m " + target,
				Outcome.SUCCESS, null, null, 1, null, null, null, null, null, null, null);
	}

	/** Waits up to 10 s for {@code condition}; a timeout fails the test naming {@code what} it waited for. */
	private static void await(String what, java.util.function.BooleanSupplier condition) {
		Awaitility.await(what)
			.atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(10))
			.pollInSameThread()
			.until(condition::getAsBoolean);
	}

	private static long segmentFiles(Path directory) throws Exception {
		try (Stream<Path> files = Files.walk(directory)) {
			return files.filter(f -> f.getFileName().toString().startsWith("segment-")).count();
		}
	}

	@Test
	void entriesWaitInTheJournalWhileTheBrokerRefusesAndAreSentWhenItIsBack() throws Exception {
		Broker broker = new Broker(5);
		OperationLogShipper shipper = new OperationLogShipper(broker, json, properties(1000), meters);
		shipper.afterPropertiesSet();
		List<OperationLogEntry> entries = List.of(entry("a"), entry("b"), entry("c"));
		entries.forEach(shipper::offer);
		await("the first refusal", () -> broker.sends.get() >= 1);
		assertThat(broker.confirmed).isEmpty();
		await("all confirmed", () -> broker.confirmed.size() == 3);
		entries.forEach(e -> assertThat(broker.confirmed).contains(e.id().toString()));
		await("the journal emptied", () -> {
			try {
				return segmentFiles(journal) == 0;
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		});
		assertThat(meters.get("jobs.operation-log.send-failures").counter().count()).isGreaterThanOrEqualTo(5);
		shipper.destroy();
	}

	@Test
	void journalLeftByADeadInstanceIsAdoptedAndSentAtStartUp() throws Exception {
		// A dead instance's sub-directory: two synced segments, nobody holding its lock.
		Path dead = Files.createDirectories(journal.resolve(UUID.randomUUID().toString()));
		List<OperationLogEntry> left = List.of(entry("x"), entry("y"), entry("z"));
		Files.writeString(dead.resolve("segment-0000000000000000000.jsonl"),
				json.writeValueAsString(left.get(0)) + "\n" + json.writeValueAsString(left.get(1)) + "\n");
		// The second segment ends in a line torn by the crash: it is skipped, the rest delivered.
		Files.writeString(dead.resolve("segment-0000000000000000001.jsonl"),
				json.writeValueAsString(left.get(2)) + "\n{\"id\":\"torn");
		Files.createFile(dead.resolve(".lock"));

		Broker broker = new Broker(0);
		OperationLogShipper shipper = new OperationLogShipper(broker, json, properties(1000), meters);
		shipper.afterPropertiesSet();
		await("the adopted entries confirmed", () -> broker.confirmed.size() == 3);
		left.forEach(e -> assertThat(broker.confirmed).contains(e.id().toString()));
		assertThat(dead).doesNotExist();
		shipper.destroy();
		assertThat(segmentFiles(journal)).isZero();
	}

	@Test
	void journalOfARunningInstanceIsLeftAlone() throws Exception {
		Broker broker = new Broker(Integer.MAX_VALUE); // the first instance cannot deliver
		OperationLogShipper first = new OperationLogShipper(broker, json, properties(1000), meters);
		first.afterPropertiesSet();
		first.offer(entry("kept"));
		await("the entry journalled", () -> {
			try {
				return segmentFiles(first.directory()) == 1;
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		});
		Broker other = new Broker(0);
		OperationLogShipper second = new OperationLogShipper(other, json, properties(1000), new SimpleMeterRegistry());
		second.afterPropertiesSet();
		assertThat(segmentFiles(first.directory())).isEqualTo(1);
		assertThat(other.confirmed).isEmpty();
		second.destroy();
		first.destroy(); // its undelivered segment stays for the next start
		assertThat(segmentFiles(first.directory())).isEqualTo(1);
	}

	@Test
	void instanceStartingWhileAnotherAdoptsOrphansKeepsItsJournal() throws Exception {
		Broker broker = new Broker(0);
		OperationLogShipper starting = new OperationLogShipper(broker, json, properties(1000), meters);
		OperationLogShipper adopting = new OperationLogShipper(new Broker(0), json, properties(1000),
				new SimpleMeterRegistry());
		// The other instance's start-up, with its adoption of orphans, runs exactly in the gap between
		// the starting instance creating its directory and locking it.
		starting.afterDirectoryCreated = () -> {
			try {
				adopting.afterPropertiesSet();
			}
			catch (java.io.IOException ex) {
				throw new java.io.UncheckedIOException(ex);
			}
		};
		starting.afterPropertiesSet();
		assertThat(starting.directory()).isDirectory();
		assertThat(starting.directory().resolve(".lock")).exists();
		OperationLogEntry entry = entry("after the race");
		starting.offer(entry);
		await("the entry confirmed", () -> broker.confirmed.contains(entry.id().toString()));
		// A third instance starting now finds the directory held and leaves it alone.
		OperationLogShipper third = new OperationLogShipper(new Broker(0), json, properties(1000),
				new SimpleMeterRegistry());
		third.afterPropertiesSet();
		assertThat(starting.directory()).isDirectory();
		third.destroy();
		adopting.destroy();
		starting.destroy();
		assertThat(meters.get("jobs.operation-log.dropped").tag("reason", "overflow").counter().count()).isZero();
	}

	@Test
	void directoryOfAnInstanceThatDiedWhileStartingIsRemovedOnlyOnceItIsOld() throws Exception {
		Path abandoned = Files.createDirectories(journal.resolve(OperationLogShipper.STARTING_PREFIX + UUID.randomUUID()));
		Files.createFile(abandoned.resolve(".lock"));
		Files.setLastModifiedTime(abandoned,
				java.nio.file.attribute.FileTime.from(Instant.now().minus(Duration.ofHours(1))));
		Path young = Files.createDirectories(journal.resolve(OperationLogShipper.STARTING_PREFIX + UUID.randomUUID()));
		OperationLogShipper shipper = new OperationLogShipper(new Broker(0), json, properties(1000), meters);
		shipper.afterPropertiesSet();
		assertThat(abandoned).doesNotExist();
		assertThat(young).isDirectory(); // may be an instance starting right now
		shipper.destroy();
	}

	@Test
	void fullBufferDropsCountsAndNeverBlocks() {
		// Not started: nothing drains the buffer of one.
		OperationLogShipper shipper = new OperationLogShipper(new Broker(0), json, properties(1), meters);
		shipper.offer(entry("fits"));
		shipper.offer(entry("overflows"));
		shipper.offer(entry("overflows too"));
		assertThat(meters.get("jobs.operation-log.recorded").counter().count()).isEqualTo(1);
		assertThat(meters.get("jobs.operation-log.dropped").tag("reason", "overflow").counter().count()).isEqualTo(2);
	}

	@Test
	void fullJournalDropsAndCountsWhatDoesNotFitAndReportsItsSize() throws Exception {
		// The broker is away for good: segments pile up until the journal's tiny bound is reached.
		Broker broker = new Broker(Integer.MAX_VALUE);
		OperationLogProperties properties = properties(1000);
		long entryBytes = (json.writeValueAsString(sized("0000")) + "\n").length();
		properties.setJournalMaxSize(org.springframework.util.unit.DataSize.ofBytes(entryBytes * 5 + entryBytes / 2));
		OperationLogShipper shipper = new OperationLogShipper(broker, json, properties, meters);
		shipper.afterPropertiesSet();
		for (int i = 0; i < 20; i++) {
			shipper.offer(sized(String.format("%04d", i)));
		}
		await("every entry journalled or dropped", () -> meters.get("jobs.operation-log.dropped")
			.tag("reason", "journal_full")
			.counter()
			.count() == 15);
		long onDisk = journalBytes(shipper.directory());
		assertThat(onDisk).isEqualTo(entryBytes * 5);
		assertThat(meters.get("jobs.operation-log.journal.bytes").gauge().value()).isEqualTo(onDisk);
		assertThat(meters.get("jobs.operation-log.journal.max-bytes").gauge().value())
			.isEqualTo(entryBytes * 5 + entryBytes / 2);
		assertThat(meters.get("jobs.operation-log.recorded").counter().count()).isEqualTo(20);

		// Once the broker takes the journal, the bound frees up, the gauge falls and entries are kept again.
		broker.refusals.set(0);
		await("the journal delivered", () -> broker.confirmed.size() == 5);
		await("the gauge back to zero", () -> meters.get("jobs.operation-log.journal.bytes").gauge().value() == 0);
		shipper.offer(entry("late"));
		await("the late entry delivered", () -> broker.confirmed.size() == 6);
		assertThat(meters.get("jobs.operation-log.dropped").tag("reason", "journal_full").counter().count())
			.isEqualTo(15);
		shipper.destroy();
	}

	/** Entries of one size: a fixed time (Instant.now() prints a varying number of digits). */
	private static OperationLogEntry sized(String target) {
		return new OperationLogEntry(UUID.randomUUID(), Instant.parse("2026-01-01T00:00:00.123Z"), "tester", "TEST",
				target, "m " + target, Outcome.SUCCESS, null, null, 1, null, null, null, null, null, null, null);
	}

	private static long journalBytes(Path directory) throws Exception {
		try (Stream<Path> files = Files.walk(directory)) {
			return files.filter(f -> f.getFileName().toString().startsWith("segment-")).mapToLong(f -> {
				try {
					return Files.size(f);
				}
				catch (java.io.IOException ex) {
					throw new IllegalStateException(ex);
				}
			}).sum();
		}
	}

}
