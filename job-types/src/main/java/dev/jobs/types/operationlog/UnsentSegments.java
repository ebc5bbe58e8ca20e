package dev.jobs.types.operationlog;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The journal's segments that the broker has not confirmed yet, oldest first, and the bytes they hold on disk
 * (what {@code journal-max-size} bounds). The {@link JournalWriter} adds, the {@link SegmentSender} takes and
 * waits here for the next one.
 */
final class UnsentSegments {

	/**
	 * A journal file; its lines are kept in memory while few segments wait ({@code lines}), else
	 * {@code null} and read back from the file.
	 */
	record Segment(Path file, List<Line> lines, long bytes) {
	}

	/**
	 * One entry as the journal holds it: its id and its JSON, written once by the {@link JournalWriter} and sent
	 * to the broker as it is, never serialised a second time.
	 */
	record Line(String id, String json) {
	}

	private final BlockingQueue<Segment> queue = new LinkedBlockingQueue<>();

	private final AtomicLong bytes = new AtomicLong();

	/** A segment written and synced: counted on disk, and the waiting sender woken. */
	void add(Segment segment) {
		bytes.addAndGet(segment.bytes());
		queue.add(segment);
		synchronized (this) {
			notifyAll();
		}
	}

	/** The oldest segment, still counted as unsent; {@code null} if none waits. */
	Segment oldest() {
		return queue.peek();
	}

	/** The oldest segment was confirmed and its file deleted. */
	void delivered(Segment segment) {
		bytes.addAndGet(-segment.bytes());
		queue.poll();
	}

	/** Waits up to {@code millis} for a segment, unless one waits already or the shipper stops. */
	void awaitNext(long millis, boolean stopping) throws InterruptedException {
		synchronized (this) {
			if (queue.isEmpty() && !stopping) {
				wait(millis); // woken by the journal writer: no polling
			}
		}
	}

	boolean isEmpty() {
		return queue.isEmpty();
	}

	int size() {
		return queue.size();
	}

	/** Bytes of these segments on disk. */
	long bytes() {
		return bytes.get();
	}

	/** Entries waiting, counting a segment whose entries are only on disk as one. */
	long entries() {
		return queue.stream().mapToLong(s -> (s.lines() != null) ? s.lines().size() : 1).sum();
	}

}
