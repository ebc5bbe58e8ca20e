package dev.jobs.core.message;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Publishes messages of a {@link MessageHandler} type, with publisher confirms. A message counts as
 * handed over only when its future completes normally: the broker confirmed it and did not return
 * it as unroutable. The caller keeps what failed and sends it again with the same id; the consumer
 * side de-duplicates by id.
 *
 * <p>{@link #sendPacked} puts many items into <em>one</em> broker message: one publish and one confirm
 * instead of one per item, for high-volume types (the operation log). Each item keeps its own id; the
 * consumer unpacks the message and hands the items over exactly as if they had come one per message
 * (de-duplicated by item id, batched by {@link MessageHandler#batchSize()}, a bad item parked alone).
 */
public interface MessageSender {

	/** One message to send. */
	record Outgoing(String messageId, Object payload) {
	}

	/**
	 * Sends the messages on one channel, in order.
	 * @param type a registered {@link MessageHandler} type
	 * @return completes when every message is confirmed; exceptionally as soon as one is refused,
	 * returned or could not be sent (the broker unreachable)
	 * @throws IllegalArgumentException if the type is not a registered message type
	 */
	CompletableFuture<Void> send(String type, List<Outgoing> messages);

	/**
	 * Sends the items as one packed message (header {@value #PACKED_HEADER}: the number of items; body: a
	 * JSON array of {@code {"id": ..., "payload": ...}}). Confirmed or not as a whole: on failure the
	 * caller sends the same items again (same ids), and the consumer writes none of them twice.
	 * @param type a registered {@link MessageHandler} type
	 * @param items at least one; keep a message's size reasonable (hundreds of items, not millions)
	 * @return completes when the broker confirmed the message
	 * (this default, for senders that cannot pack, sends the items one per message: the same outcome,
	 * without the saving)
	 */
	default CompletableFuture<Void> sendPacked(String type, List<Outgoing> items) {
		return send(type, items);
	}

	/** Header of a packed message: how many items it carries. */
	String PACKED_HEADER = "x-job-packed";

	default CompletableFuture<Void> send(String type, String messageId, Object payload) {
		return send(type, List.of(new Outgoing(messageId, payload)));
	}

}
