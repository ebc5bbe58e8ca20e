package dev.jobs.types.operationlog;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

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
 * <li>the request thread puts the entry into a bounded in-memory buffer and returns ({@link #offer}); when the
 * buffer is full the entry is dropped, counted ({@code jobs.operation-log.dropped}) and logged;</li>
 * <li>the {@link JournalWriter} takes what gathered for at most {@code journal-flush-interval} (50 ms),
 * writes it to a new segment file of the local journal and syncs it to disk;</li>
 * <li>the {@link SegmentSender} publishes each segment's entries packed, {@code entries-per-message} (200) to a
 * message ({@link MessageSender#sendPacked}), with confirms, and deletes the segment when all are
 * confirmed; if the broker is away it keeps the segment and tries again with backoff, oldest first.
 * A segment sent twice is harmless: every entry keeps its own id, and the consumer inserts it
 * once.</li>
 * </ol>
 * A crash of the process loses only what waited in the buffer: at most one flush interval plus a disk
 * sync. Each instance journals into a sub-directory of its own, locked while it runs; at start-up an
 * instance adopts the sub-directories nobody holds (left by a dead instance) and sends them first
 * ({@link JournalDirectory}). This class holds the buffer, the meters and the start and stop of the two threads;
 * the segments between them are {@link UnsentSegments}.
 */
class OperationLogShipper implements InitializingBean, DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(OperationLogShipper.class);

	static final String TYPE = OperationLogHandler.TYPE;

	/** An instance's directory while it is being made and locked; adoption never takes one. */
	static final String STARTING_PREFIX = JournalDirectory.STARTING_PREFIX;

	private final BlockingQueue<OperationLogEntry> buffer;

	private final UnsentSegments unsent = new UnsentSegments();

	private final OperationLogProperties properties;

	private final JournalDirectory journal;

	private final JournalWriter writer;

	private final SegmentSender sender;

	private final Counter recorded;

	private final Counter dropped;

	private final AtomicLong droppedSinceLastLog = new AtomicLong();

	private final AtomicLong lastDropLog = new AtomicLong();

	/** A seam for tests: runs between creating this instance's journal directory and locking it. */
	Runnable afterDirectoryCreated = () -> {
	};

	OperationLogShipper(MessageSender sender, JsonMapper json, OperationLogProperties properties, MeterRegistry meters) {
		this.properties = properties;
		this.buffer = new ArrayBlockingQueue<>(properties.getBufferCapacity());
		this.journal = new JournalDirectory(properties.getJournalDirectory());
		this.recorded = Counter.builder("jobs.operation-log.recorded")
			.description("Operation log entries recorded by @OperationLog calls")
			.register(meters);
		this.dropped = Counter.builder("jobs.operation-log.dropped")
			.description("Operation log entries dropped: the in-memory buffer was full (overflow) or the journal reached "
					+ "jobs.operation-log.journal-max-size (journal_full)")
			.tag("reason", "overflow")
			.register(meters);
		Counter sent = Counter.builder("jobs.operation-log.sent")
			.description("Operation log entries confirmed by the broker")
			.register(meters);
		long journalMaxBytes = properties.getJournalMaxSize().toBytes();
		Counter droppedJournalFull = Counter.builder("jobs.operation-log.dropped")
			.description("Operation log entries dropped: the in-memory buffer was full (overflow) or the journal reached "
					+ "jobs.operation-log.journal-max-size (journal_full)")
			.tag("reason", "journal_full")
			.register(meters);
		Gauge.builder("jobs.operation-log.journal.bytes", unsent, UnsentSegments::bytes)
			.description("Bytes of journal segments on disk, waiting for the broker")
			.baseUnit("bytes")
			.register(meters);
		Gauge.builder("jobs.operation-log.journal.max-bytes", () -> journalMaxBytes)
			.description("The journal's bound on disk (jobs.operation-log.journal-max-size)")
			.baseUnit("bytes")
			.register(meters);
		Counter sendFailures = Counter.builder("jobs.operation-log.send-failures")
			.description("Journal segments the broker did not confirm in time (sent again)")
			.register(meters);
		Gauge.builder("jobs.operation-log.buffered", buffer, BlockingQueue::size)
			.description("Operation log entries in memory, not yet in the journal")
			.register(meters);
		Gauge.builder("jobs.operation-log.journal.segments", unsent, UnsentSegments::size)
			.description("Journal segments written and not yet confirmed by the broker")
			.register(meters);
		this.writer = new JournalWriter(buffer, journal, unsent, json, properties, droppedJournalFull);
		this.sender = new SegmentSender(sender, json, properties, unsent, writer, journal.path(), sent, sendFailures);
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
					properties.getBufferCapacity(), count, entry.action(), entry.target(), entry.username(),
					journal.path());
		}
	}

	@Override
	public void afterPropertiesSet() throws IOException {
		for (Path file : journal.open(afterDirectoryCreated)) {
			unsent.add(new UnsentSegments.Segment(file, null, Files.size(file)));
		}
		if (!unsent.isEmpty()) {
			log.info("Operation log: {} journal segment(s) left by a stopped instance are delivered first", unsent.size());
		}
		writer.start();
		sender.start();
	}

	/** Entries not yet confirmed by the broker (buffered or journalled); for tests and diagnostics. */
	long pending() {
		return buffer.size() + unsent.entries();
	}

	Path directory() {
		return journal.path();
	}

	/**
	 * Writes what is buffered to the journal, then keeps delivering for up to
	 * {@code shutdown-delivery-timeout}; the rest stays in the journal for the next start.
	 */
	@Override
	public void destroy() throws Exception {
		writer.stop();
		sender.stop();
		Duration timeout = properties.getShutdownDeliveryTimeout();
		writer.join(Math.max(1000, timeout.toMillis()));
		sender.join(timeout.toMillis());
		if (!unsent.isEmpty()) {
			log.warn("Operation log: {} journal segment(s) not yet delivered stay in {}; the next instance to start "
					+ "delivers them", unsent.size(), journal.path());
		}
		journal.close(unsent.isEmpty() && buffer.isEmpty());
	}

}
