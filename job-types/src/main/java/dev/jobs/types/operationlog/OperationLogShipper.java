package dev.jobs.types.operationlog;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import dev.jobs.core.message.MessageSender;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;

/**
 * Gets entries from the request threads to the broker without ever making them wait, and without
 * losing them when RabbitMQ is away:
 * <ol>
 * <li>the request thread puts the entry into a bounded in-memory buffer and returns; when the buffer
 * is full the entry is dropped, counted ({@code jobs.operation-log.dropped}) and logged;</li>
 * <li>the journal writer takes what gathered for at most {@code journal-flush-interval} (50 ms),
 * writes it to a new segment file of the local journal and syncs it to disk;</li>
 * <li>the sender publishes each segment's entries packed, {@code entries-per-message} (200) to a
 * message ({@link MessageSender#sendPacked}), with confirms, and deletes the segment when all are
 * confirmed; if the broker is away it keeps the segment and tries again with backoff, oldest first.
 * A segment sent twice is harmless: every entry keeps its own id, and the consumer inserts it
 * once.</li>
 * </ol>
 * A crash of the process loses only what waited in the buffer: at most one flush interval plus a disk
 * sync. Each instance journals into a sub-directory of its own, locked while it runs; at start-up an
 * instance adopts the sub-directories nobody holds (left by a dead instance) and sends them first.
 */
class OperationLogShipper implements InitializingBean, DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(OperationLogShipper.class);

	static final String TYPE = OperationLogHandler.TYPE;

	private static final String SEGMENT_PREFIX = "segment-";

	private static final String SEGMENT_SUFFIX = ".jsonl";

	private static final String LOCK_FILE = ".lock";

	/** An instance's directory while it is being made and locked; adoption never takes one. */
	static final String STARTING_PREFIX = ".starting-";

	/**
	 * A starting directory older than this was left by an instance that died while starting (before
	 * its journal held anything); adoption removes it. Starting takes milliseconds.
	 */
	private static final Duration ABANDONED_START = Duration.ofMinutes(10);

	/** A journal file; its entries are kept in memory while few segments wait, else read back. */
	private record Segment(Path file, List<OperationLogEntry> entries, long bytes) {
	}

	private final BlockingQueue<OperationLogEntry> buffer;

	private final BlockingQueue<Segment> unsent = new LinkedBlockingQueue<>();

	/** The sender waits on it for the next segment. */
	private final Object segmentWritten = new Object();

	private final MessageSender sender;

	private final JsonMapper json;

	private final OperationLogProperties properties;

	private final Path directory;

	private final Counter recorded;

	private final Counter dropped;

	private final Counter sent;

	private final Counter sendFailures;

	private final Counter droppedJournalFull;

	/** Bytes of this instance's journal segments on disk; bounded by {@code journal-max-size}. */
	private final AtomicLong journalBytes = new AtomicLong();

	private final long journalMaxBytes;

	private final AtomicLong journalFullSinceLastLog = new AtomicLong();

	private final AtomicLong lastJournalFullLog = new AtomicLong();

	private final AtomicLong droppedSinceLastLog = new AtomicLong();

	private final AtomicLong lastDropLog = new AtomicLong();

	private long sequence;

	private FileChannel lockChannel;

	private FileLock lock;

	private Thread writer;

	private Thread shipper;

	private volatile boolean stopping;

	private volatile boolean writerDone;

	/** A seam for tests: runs between creating this instance's journal directory and locking it. */
	Runnable afterDirectoryCreated = () -> {
	};

	OperationLogShipper(MessageSender sender, JsonMapper json, OperationLogProperties properties, MeterRegistry meters) {
		this.sender = sender;
		this.json = json;
		this.properties = properties;
		this.buffer = new ArrayBlockingQueue<>(properties.getBufferCapacity());
		this.directory = properties.getJournalDirectory().toAbsolutePath().resolve(UUID.randomUUID().toString());
		this.recorded = Counter.builder("jobs.operation-log.recorded")
			.description("Operation log entries recorded by @OperationLog calls")
			.register(meters);
		this.dropped = Counter.builder("jobs.operation-log.dropped")
			.description("Operation log entries dropped: the in-memory buffer was full (overflow) or the journal reached "
					+ "jobs.operation-log.journal-max-size (journal_full)")
			.tag("reason", "overflow")
			.register(meters);
		this.sent = Counter.builder("jobs.operation-log.sent")
			.description("Operation log entries confirmed by the broker")
			.register(meters);
		this.journalMaxBytes = properties.getJournalMaxSize().toBytes();
		this.droppedJournalFull = Counter.builder("jobs.operation-log.dropped")
			.description("Operation log entries dropped: the in-memory buffer was full (overflow) or the journal reached "
					+ "jobs.operation-log.journal-max-size (journal_full)")
			.tag("reason", "journal_full")
			.register(meters);
		Gauge.builder("jobs.operation-log.journal.bytes", journalBytes, AtomicLong::get)
			.description("Bytes of journal segments on disk, waiting for the broker")
			.baseUnit("bytes")
			.register(meters);
		Gauge.builder("jobs.operation-log.journal.max-bytes", () -> journalMaxBytes)
			.description("The journal's bound on disk (jobs.operation-log.journal-max-size)")
			.baseUnit("bytes")
			.register(meters);
		this.sendFailures = Counter.builder("jobs.operation-log.send-failures")
			.description("Journal segments the broker did not confirm in time (sent again)")
			.register(meters);
		Gauge.builder("jobs.operation-log.buffered", buffer, BlockingQueue::size)
			.description("Operation log entries in memory, not yet in the journal")
			.register(meters);
		Gauge.builder("jobs.operation-log.journal.segments", unsent, BlockingQueue::size)
			.description("Journal segments written and not yet confirmed by the broker")
			.register(meters);
	}

	/**
	 * Hands an entry over; never blocks. A full buffer drops it, counted and logged (at most once a
	 * second, with the number dropped).
	 */
	void offer(OperationLogEntry entry) {
		if (buffer.offer(entry)) {
			recorded.increment();
			return;
		}
		dropped.increment();
		long count = droppedSinceLastLog.incrementAndGet();
		long now = System.currentTimeMillis();
		long last = lastDropLog.get();
		if (now - last >= 1000 && lastDropLog.compareAndSet(last, now)) {
			droppedSinceLastLog.addAndGet(-count);
			log.error("Operation log buffer full ({} entries): dropped {} entr(y/ies), e.g. {} {} by {}. The journal "
					+ "cannot keep up with the disk; check the disk of {} and jobs.operation-log.buffer-capacity",
					properties.getBufferCapacity(), count, entry.action(), entry.target(), entry.username(), directory);
		}
	}

	@Override
	public void afterPropertiesSet() throws IOException {
		// The directory becomes visible under its own name only once it is locked: it is made and locked
		// under a name adoption leaves alone, then renamed atomically. Otherwise another instance's
		// adoption, running between our mkdir and our lock, could lock, empty and delete it under us.
		Path starting = directory.resolveSibling(STARTING_PREFIX + directory.getFileName());
		Files.createDirectories(directory.getParent());
		Files.createDirectory(starting);
		afterDirectoryCreated.run();
		lockChannel = FileChannel.open(starting.resolve(LOCK_FILE), StandardOpenOption.CREATE_NEW,
				StandardOpenOption.WRITE);
		lock = lockChannel.tryLock();
		if (lock == null) {
			throw new IllegalStateException("Could not lock the operation log journal " + starting);
		}
		// The lock belongs to the open file, not to its path: it holds across the rename.
		Files.move(starting, directory, StandardCopyOption.ATOMIC_MOVE);
		adoptOrphans();
		try (Stream<Path> files = Files.list(directory)) {
			for (Path file : files.filter(OperationLogShipper::isSegment).sorted().toList()) {
				long bytes = Files.size(file);
				journalBytes.addAndGet(bytes);
				unsent.add(new Segment(file, null, bytes));
			}
		}
		if (!unsent.isEmpty()) {
			log.info("Operation log: {} journal segment(s) left by a stopped instance are delivered first", unsent.size());
		}
		writer = new Thread(this::writeLoop, "operation-log-journal");
		writer.setDaemon(true);
		writer.start();
		shipper = new Thread(this::sendLoop, "operation-log-sender");
		shipper.setDaemon(true);
		shipper.start();
	}

	/** Moves the segments of sub-directories no running instance holds into ours, oldest first. */
	private void adoptOrphans() throws IOException {
		Path base = directory.getParent();
		try (DirectoryStream<Path> others = Files.newDirectoryStream(base, Files::isDirectory)) {
			for (Path other : others) {
				if (other.equals(directory)) {
					continue;
				}
				if (other.getFileName().toString().startsWith(STARTING_PREFIX)) {
					removeIfAbandoned(other);
					continue;
				}
				try (FileChannel channel = FileChannel.open(other.resolve(LOCK_FILE), StandardOpenOption.CREATE,
						StandardOpenOption.WRITE); FileLock held = tryLock(channel)) {
					if (held == null) {
						continue; // a running instance's journal
					}
					List<Path> segments;
					try (Stream<Path> files = Files.list(other)) {
						segments = files.filter(OperationLogShipper::isSegment).sorted().toList();
					}
					for (Path segment : segments) {
						Files.move(segment, directory.resolve(segmentName(sequence++)));
					}
					if (!segments.isEmpty()) {
						log.info("Operation log: adopted {} undelivered journal segment(s) from {}", segments.size(), other);
					}
					Files.deleteIfExists(other.resolve(LOCK_FILE));
				}
				catch (IOException ex) {
					log.warn("Operation log: could not adopt the journal {} ({}); it is tried again at the next start",
							other, ex.getMessage());
					continue;
				}
				try {
					Files.deleteIfExists(other);
				}
				catch (IOException ex) {
					// not empty after all (a new instance just started there): leave it
				}
			}
		}
	}

	/**
	 * Removes the directory of an instance that died while starting: it never held a segment (they are
	 * written only after the rename). A young one may belong to an instance starting right now.
	 */
	private static void removeIfAbandoned(Path starting) {
		try {
			if (Files.getLastModifiedTime(starting).toInstant().isAfter(java.time.Instant.now().minus(ABANDONED_START))) {
				return;
			}
			Path lockFile = starting.resolve(LOCK_FILE);
			if (Files.exists(lockFile)) {
				try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE);
						FileLock held = tryLock(channel)) {
					if (held == null) {
						return;
					}
					Files.deleteIfExists(lockFile);
				}
			}
			Files.deleteIfExists(starting);
		}
		catch (IOException ex) {
			// gone already, or not empty: left alone
		}
	}

	private static FileLock tryLock(FileChannel channel) throws IOException {
		try {
			return channel.tryLock();
		}
		catch (OverlappingFileLockException ex) {
			return null; // held by another instance in this JVM
		}
	}

	private void writeLoop() {
		long flushNanos = Math.max(1, properties.getJournalFlushInterval().toNanos());
		int max = properties.getSegmentMaxEntries();
		List<OperationLogEntry> batch = new ArrayList<>();
		try {
			while (!(stopping && buffer.isEmpty())) {
				OperationLogEntry first = buffer.poll(200, TimeUnit.MILLISECONDS);
				if (first == null) {
					continue;
				}
				batch.add(first);
				long deadline = System.nanoTime() + flushNanos;
				while (batch.size() < max) {
					buffer.drainTo(batch, max - batch.size());
					long left = deadline - System.nanoTime();
					if (batch.size() >= max || left <= 0 || stopping) {
						break;
					}
					OperationLogEntry next = buffer.poll(left, TimeUnit.NANOSECONDS);
					if (next == null) {
						break;
					}
					batch.add(next);
				}
				writeSegment(batch);
				batch = new ArrayList<>();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			writerDone = true;
		}
	}

	/**
	 * Writes and syncs one segment; a failing disk is retried, never skipped: the entries wait in memory.
	 * Only what fits under {@code journal-max-size} is written: the rest is dropped and counted, so a
	 * long broker outage fills the bound, not the disk.
	 */
	private void writeSegment(List<OperationLogEntry> entries) throws InterruptedException {
		java.io.ByteArrayOutputStream lines = new java.io.ByteArrayOutputStream(entries.size() * 512);
		long room = journalMaxBytes - journalBytes.get();
		int fitting = 0;
		for (OperationLogEntry entry : entries) {
			byte[] line = (json.writeValueAsString(entry) + "\n").getBytes(StandardCharsets.UTF_8);
			if (lines.size() + line.length > room) {
				break;
			}
			lines.writeBytes(line);
			fitting++;
		}
		if (fitting == 0) {
			dropForFullJournal(entries);
			return;
		}
		List<OperationLogEntry> batch = entries.subList(0, fitting);
		byte[] content = lines.toByteArray();
		long backoff = 100;
		while (true) {
			Path file = directory.resolve(segmentName(sequence++));
			try {
				try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW,
						StandardOpenOption.WRITE); OutputStream out = java.nio.channels.Channels.newOutputStream(channel)) {
					out.write(content);
					channel.force(false);
				}
				// The new file's directory entry must reach the disk too, or a crash could forget the file.
				try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
					dir.force(true);
				}
				// Keep entries in memory only while the sender keeps up; a backlog is read back from disk.
				journalBytes.addAndGet(content.length);
				unsent.add(new Segment(file, (unsent.size() < 8) ? batch : null, content.length));
				synchronized (segmentWritten) {
					segmentWritten.notifyAll();
				}
				if (fitting < entries.size()) {
					dropForFullJournal(entries.subList(fitting, entries.size()));
				}
				return;
			}
			catch (IOException | RuntimeException ex) {
				log.error("Operation log: could not write journal segment {} ({}); {} entr(y/ies) wait in memory and "
						+ "the write is retried. Check the disk.", file, ex.toString(), batch.size());
				try {
					Files.deleteIfExists(file);
				}
				catch (IOException ignored) {
					// the retry writes a new file
				}
				TimeUnit.MILLISECONDS.sleep(backoff);
				backoff = Math.min(backoff * 2, 5000);
			}
		}
	}

	/** Counts entries the full journal cannot take, and says so at most once a second. */
	private void dropForFullJournal(List<OperationLogEntry> entries) {
		droppedJournalFull.increment(entries.size());
		long count = journalFullSinceLastLog.addAndGet(entries.size());
		long now = System.currentTimeMillis();
		long last = lastJournalFullLog.get();
		if (now - last >= 1000 && lastJournalFullLog.compareAndSet(last, now)) {
			journalFullSinceLastLog.addAndGet(-count);
			OperationLogEntry first = entries.get(0);
			log.error("Operation log journal full ({} of jobs.operation-log.journal-max-size {} bytes on disk): dropped "
					+ "{} entr(y/ies), e.g. {} {} by {}. The broker has not taken the journal's segments; check "
					+ "RabbitMQ (jobs_operation_log_send_failures_total) and the disk of {}", journalBytes.get(),
					journalMaxBytes, count, first.action(), first.target(), first.username(), directory);
		}
	}

	private void sendLoop() {
		long backoff = 100;
		long failingSince = 0;
		try {
			while (!(stopping && writerDone && unsent.isEmpty())) {
				Segment segment = unsent.peek();
				if (segment == null) {
					synchronized (segmentWritten) {
						if (unsent.isEmpty() && !stopping) {
							segmentWritten.wait(200); // woken by the journal writer: no polling
						}
					}
					continue;
				}
				Exception failure = send(segment);
				if (failure == null) {
					unsent.poll();
					backoff = 100;
					if (failingSince != 0) {
						log.info("Operation log: the broker takes entries again after {} s; the journal's backlog is "
								+ "being delivered", (System.currentTimeMillis() - failingSince) / 1000);
						failingSince = 0;
					}
					continue;
				}
				sendFailures.increment();
				if (failingSince == 0) {
					failingSince = System.currentTimeMillis();
					log.warn("Operation log: could not hand entries to the broker ({}). They are kept in the local "
							+ "journal {} and delivered when it is back", failure.toString(), directory);
				}
				if (stopping && writerDone) {
					return; // the journal keeps them for the next start
				}
				TimeUnit.MILLISECONDS.sleep(backoff);
				backoff = Math.min(backoff * 2, 2000);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** @return null once every entry of the segment is confirmed and the file deleted */
	private Exception send(Segment segment) {
		try {
			List<OperationLogEntry> entries = (segment.entries() != null) ? segment.entries() : read(segment.file());
			// Packed: one publish and one confirm per chunk, not per entry. Each entry keeps its id, so a
			// chunk sent again (a lost confirm, a crash) writes nothing twice.
			int perMessage = properties.getEntriesPerMessage();
			List<CompletableFuture<Void>> confirms = new ArrayList<>();
			for (int from = 0; from < entries.size(); from += perMessage) {
				List<OperationLogEntry> chunk = entries.subList(from, Math.min(entries.size(), from + perMessage));
				List<MessageSender.Outgoing> items = new ArrayList<>(chunk.size());
				for (OperationLogEntry entry : chunk) {
					items.add(new MessageSender.Outgoing(entry.id().toString(), entry));
				}
				confirms.add((perMessage == 1) ? sender.send(TYPE, items) : sender.sendPacked(TYPE, items));
			}
			CompletableFuture.allOf(confirms.toArray(CompletableFuture[]::new))
				.get(properties.getConfirmTimeout().toMillis(), TimeUnit.MILLISECONDS);
			sent.increment(entries.size());
			Files.deleteIfExists(segment.file());
			journalBytes.addAndGet(-segment.bytes());
			return null;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return ex;
		}
		catch (Exception ex) {
			return ex;
		}
	}

	private List<OperationLogEntry> read(Path file) throws IOException {
		List<OperationLogEntry> entries = new ArrayList<>();
		try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
			String line;
			int number = 0;
			while ((line = reader.readLine()) != null) {
				number++;
				if (line.isBlank()) {
					continue;
				}
				try {
					entries.add(json.readValue(line, OperationLogEntry.class));
				}
				catch (RuntimeException ex) {
					// Only a crash in the middle of a write leaves a torn line; it was never synced.
					log.warn("Operation log: skipping unreadable line {} of journal segment {}: {}", number, file,
							ex.getMessage());
				}
			}
		}
		return entries;
	}

	/** Entries not yet confirmed by the broker (buffered or journalled); for tests and diagnostics. */
	long pending() {
		return buffer.size() + unsent.stream().mapToLong(s -> (s.entries() != null) ? s.entries().size() : 1).sum();
	}

	Path directory() {
		return directory;
	}

	/**
	 * Writes what is buffered to the journal, then keeps delivering for up to
	 * {@code shutdown-delivery-timeout}; the rest stays in the journal for the next start.
	 */
	@Override
	public void destroy() throws Exception {
		stopping = true;
		Duration timeout = properties.getShutdownDeliveryTimeout();
		writer.join(Math.max(1000, timeout.toMillis()));
		shipper.join(Math.max(1, timeout.toMillis()));
		if (shipper.isAlive()) {
			shipper.interrupt();
			shipper.join(1000);
		}
		if (!unsent.isEmpty()) {
			log.warn("Operation log: {} journal segment(s) not yet delivered stay in {}; the next instance to start "
					+ "delivers them", unsent.size(), directory);
		}
		lock.release();
		lockChannel.close();
		if (unsent.isEmpty() && buffer.isEmpty()) {
			Files.deleteIfExists(directory.resolve(LOCK_FILE));
			try {
				Files.deleteIfExists(directory);
			}
			catch (IOException ex) {
				// not empty: left for the next start
			}
		}
	}

	private static boolean isSegment(Path file) {
		String name = file.getFileName().toString();
		return name.startsWith(SEGMENT_PREFIX) && name.endsWith(SEGMENT_SUFFIX);
	}

	private static String segmentName(long sequence) {
		return String.format("%s%019d%s", SEGMENT_PREFIX, sequence, SEGMENT_SUFFIX);
	}

}
