package dev.jobs.types.operationlog;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.jobs.core.message.MessageSender;
import io.micrometer.core.instrument.Counter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.util.RawValue;

/**
 * The sender thread: publishes the journal's segments oldest first, their entries packed
 * {@code entries-per-message} to a message ({@link MessageSender#sendPacked}) with confirms, and deletes a segment
 * once every entry in it is confirmed. While the broker is away it keeps the segments and tries again with backoff.
 * A segment sent twice is harmless: every entry keeps its own id, and the consumer inserts it once.
 */
final class SegmentSender {

	// The shipper's logger: its parts log as one, as they did when they were one class.
	private static final Logger log = LoggerFactory.getLogger(OperationLogShipper.class);

	private final MessageSender sender;

	private final JsonMapper json;

	private final OperationLogProperties properties;

	private final UnsentSegments unsent;

	private final JournalWriter writer;

	private final Path directory;

	private final Counter sent;

	private final Counter sendFailures;

	private Thread thread;

	private volatile boolean stopping;

	/**
	 * @param writer the journal's writer: once it is done and nothing is unsent, a stopping sender ends
	 * @param directory the journal's directory, named in the logs
	 */
	SegmentSender(MessageSender sender, JsonMapper json, OperationLogProperties properties, UnsentSegments unsent,
			JournalWriter writer, Path directory, Counter sent, Counter sendFailures) {
		this.sender = sender;
		this.json = json;
		this.properties = properties;
		this.unsent = unsent;
		this.writer = writer;
		this.directory = directory;
		this.sent = sent;
		this.sendFailures = sendFailures;
	}

	void start() {
		thread = new Thread(this::sendLoop, "operation-log-sender");
		thread.setDaemon(true);
		thread.start();
	}

	/** Delivers what the writer still journals, then ends; a failing broker ends it at once (the journal keeps). */
	void stop() {
		stopping = true;
	}

	/** Waits up to {@code millis} for the sender to end, then interrupts it. */
	void join(long millis) throws InterruptedException {
		thread.join(Math.max(1, millis));
		if (thread.isAlive()) {
			thread.interrupt();
			thread.join(1000);
		}
	}

	private void sendLoop() {
		long backoff = 100;
		long failingSince = 0;
		try {
			while (!(stopping && writer.done() && unsent.isEmpty())) {
				UnsentSegments.Segment segment = unsent.oldest();
				if (segment == null) {
					unsent.awaitNext(200, stopping);
					continue;
				}
				Exception failure = send(segment);
				if (failure == null) {
					unsent.delivered(segment);
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
				if (stopping && writer.done()) {
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
	private Exception send(UnsentSegments.Segment segment) {
		try {
			List<UnsentSegments.Line> entries = (segment.lines() != null) ? segment.lines() : read(segment.file());
			// Packed: one publish and one confirm per chunk, not per entry. Each entry keeps its id, so a
			// chunk sent again (a lost confirm, a crash) writes nothing twice.
			int perMessage = properties.getEntriesPerMessage();
			List<CompletableFuture<Void>> confirms = new ArrayList<>();
			for (int from = 0; from < entries.size(); from += perMessage) {
				List<UnsentSegments.Line> chunk = entries.subList(from, Math.min(entries.size(), from + perMessage));
				List<MessageSender.Outgoing> items = new ArrayList<>(chunk.size());
				for (UnsentSegments.Line line : chunk) {
					// The journal's JSON as it is: written once, by the journal writer.
					items.add(new MessageSender.Outgoing(line.id(), new RawValue(line.json())));
				}
				confirms.add((perMessage == 1) ? sender.send(OperationLogShipper.TYPE, items)
						: sender.sendPacked(OperationLogShipper.TYPE, items));
			}
			CompletableFuture.allOf(confirms.toArray(CompletableFuture[]::new))
				.get(properties.getConfirmTimeout().toMillis(), TimeUnit.MILLISECONDS);
			sent.increment(entries.size());
			Files.deleteIfExists(segment.file());
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

	/** A segment's lines read back from disk (a backlog, or one left by a stopped instance): only the ids parsed. */
	private List<UnsentSegments.Line> read(Path file) throws IOException {
		List<UnsentSegments.Line> entries = new ArrayList<>();
		try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
			String line;
			int number = 0;
			while ((line = reader.readLine()) != null) {
				number++;
				if (line.isBlank()) {
					continue;
				}
				try {
					JsonNode id = json.readTree(line).get("id");
					if (id == null || !id.isString()) {
						throw new IllegalArgumentException("no id");
					}
					entries.add(new UnsentSegments.Line(id.asString(), line));
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

}
