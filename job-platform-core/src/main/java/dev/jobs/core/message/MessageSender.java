package dev.jobs.core.message;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Publishes messages of a {@link MessageHandler} type, with publisher confirms. A message counts as
 * handed over only when its future completes normally: the broker confirmed it and did not return
 * it as unroutable. The caller keeps what failed and sends it again with the same id; the consumer
 * side de-duplicates by id.
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

	default CompletableFuture<Void> send(String type, String messageId, Object payload) {
		return send(type, List.of(new Outgoing(messageId, payload)));
	}

}
