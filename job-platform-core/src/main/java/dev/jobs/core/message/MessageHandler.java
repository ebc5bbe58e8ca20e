package dev.jobs.core.message;

import java.time.Duration;
import java.util.List;

import dev.jobs.core.JobContext;
import dev.jobs.core.JobHandler;

/**
 * A job type delivered <em>without a job row</em>: for high-volume work where a row and three
 * commits per item would cost more than the item is worth (audit entries, metrics, events). Register
 * it like any handler, as a bean; its type gets a work queue and a dead-letter queue, and is consumed
 * in batches. Publish with {@link MessageSender}. See {@code docs/ARCHITECTURE.md}, "Message delivery".
 *
 * <p>The contract differs from a job's:
 * <ul>
 * <li>The payload travels in the message; there is no status, retry tier, cancel or result.</li>
 * <li>Delivery is at least once. Every message has an id given by its sender, kept across
 * re-sends; a handler de-duplicates by it (e.g. a unique column and
 * {@code INSERT ... ON CONFLICT DO NOTHING}), so a redelivered batch writes nothing twice. (Repeats
 * of one id that land in the same batch are handed over once.)</li>
 * <li>A batch is handed over when {@link #batchSize()} messages arrived or {@link #batchTimeout()}
 * passed. A transient failure ({@code TransientDataAccessException}, a lost database connection)
 * retries the same batch with backoff and keeps the messages; any other failure splits the batch,
 * and only the messages that fail on their own are parked in the type's dead-letter queue, with the
 * error in header {@code x-job-error}. So is a message that cannot be bound to the payload class.</li>
 * <li>A packed message ({@link MessageSender#sendPacked}) is unpacked: each of its items is handed over
 * as if it had come alone, with the item's own id (the key to de-duplicate by), in batches of
 * {@link #batchSize()} items; an item that fails on its own or cannot be bound is parked alone.</li>
 * </ul>
 *
 * @param <P> the payload type
 */
public interface MessageHandler<P> extends JobHandler<P> {

	/**
	 * Handles one batch, e.g. with one multi-row insert. Throwing fails the batch (see above).
	 * @param messages the batch, each with its message id, in delivery order
	 */
	void handleBatch(List<ReceivedMessage<P>> messages) throws Exception;

	/** Most messages (or items of packed messages) in one batch. */
	default int batchSize() {
		return 500;
	}

	/**
	 * Most broker messages taken together, and the consumer's prefetch; {@link #batchSize()} unless
	 * the type's messages are packed. A type that packs n items into a message returns about
	 * {@code batchSize() / n}: otherwise a consumer would hold {@code batchSize()} messages of n items
	 * each in memory at once.
	 */
	default int messagesPerBatch() {
		return batchSize();
	}

	/** Longest wait for a batch to fill before the messages received so far are handled. */
	default Duration batchTimeout() {
		return Duration.ofMillis(200);
	}

	/** A message type: no job row, consumed in batches (see above). */
	@Override
	default boolean deliveredAsMessages() {
		return true;
	}

	/** Message types are never run as jobs; {@link #handleBatch} does the work. */
	@Override
	default void handle(P payload, JobContext context) {
		throw new UnsupportedOperationException(
				"Type " + type() + " is delivered as messages, not jobs: send with MessageSender");
	}

}
