package dev.jobs.types.operationlog;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * The journal's writer thread: takes what gathered in the in-memory buffer for at most
 * {@code journal-flush-interval} (or {@code segment-max-entries}), writes it to a new segment file and syncs it to
 * disk, file and directory entry, before the {@link SegmentSender} may see it. The journal is bounded by
 * {@code journal-max-size}: what does not fit is dropped and counted, so a long broker outage fills the bound, not
 * the disk.
 */
final class JournalWriter {

	// The shipper's logger: its parts log as one, as they did when they were one class.
	private static final Logger log = LoggerFactory.getLogger(OperationLogShipper.class);

	private final BlockingQueue<OperationLogEntry> buffer;

	private final JournalDirectory journal;

	private final UnsentSegments unsent;

	private final JsonMapper json;

	private final OperationLogProperties properties;

	private final long journalMaxBytes;

	private final Counter droppedJournalFull;

	private final AtomicLong journalFullSinceLastLog = new AtomicLong();

	private final AtomicLong lastJournalFullLog = new AtomicLong();

	private Thread thread;

	private volatile boolean stopping;

	private volatile boolean done;

	JournalWriter(BlockingQueue<OperationLogEntry> buffer, JournalDirectory journal, UnsentSegments unsent,
			JsonMapper json, OperationLogProperties properties, Counter droppedJournalFull) {
		this.buffer = buffer;
		this.journal = journal;
		this.unsent = unsent;
		this.json = json;
		this.properties = properties;
		this.journalMaxBytes = properties.getJournalMaxSize().toBytes();
		this.droppedJournalFull = droppedJournalFull;
	}

	void start() {
		thread = new Thread(this::writeLoop, "operation-log-journal");
		thread.setDaemon(true);
		thread.start();
	}

	/** Writes what is still buffered, then ends. */
	void stop() {
		stopping = true;
	}

	void join(long millis) throws InterruptedException {
		thread.join(millis);
	}

	/** Whether the writer has ended: nothing more will be journalled. */
	boolean done() {
		return done;
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
			done = true;
		}
	}

	/**
	 * Writes and syncs one segment; a failing disk is retried, never skipped: the entries wait in memory.
	 * Only what fits under {@code journal-max-size} is written: the rest is dropped and counted.
	 */
	private void writeSegment(List<OperationLogEntry> entries) throws InterruptedException {
		ByteArrayOutputStream lines = new ByteArrayOutputStream(entries.size() * 512);
		long room = journalMaxBytes - unsent.bytes();
		List<UnsentSegments.Line> batch = new ArrayList<>(entries.size());
		for (OperationLogEntry entry : entries) {
			// The only serialisation of the entry: the sender publishes this line as it is.
			String text = json.writeValueAsString(entry);
			byte[] line = (text + "\n").getBytes(StandardCharsets.UTF_8);
			if (lines.size() + line.length > room) {
				break;
			}
			lines.writeBytes(line);
			batch.add(new UnsentSegments.Line(entry.id().toString(), text));
		}
		int fitting = batch.size();
		if (fitting == 0) {
			dropForFullJournal(entries);
			return;
		}
		byte[] content = lines.toByteArray();
		long backoff = 100;
		while (true) {
			Path file = journal.nextSegmentFile();
			try {
				try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW,
						StandardOpenOption.WRITE); OutputStream out = Channels.newOutputStream(channel)) {
					out.write(content);
					channel.force(false);
				}
				// The new file's directory entry must reach the disk too, or a crash could forget the file.
				try (FileChannel dir = FileChannel.open(journal.path(), StandardOpenOption.READ)) {
					dir.force(true);
				}
				// Keep entries in memory only while the sender keeps up; a backlog is read back from disk.
				unsent.add(new UnsentSegments.Segment(file, (unsent.size() < 8) ? batch : null, content.length));
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
					+ "RabbitMQ (jobs_operation_log_send_failures_total) and the disk of {}", unsent.bytes(),
					journalMaxBytes, count, first.action(), first.target(), first.username(), journal.path());
		}
	}

}
