package dev.jobs.core.delivery;

import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.rabbitmq.client.Channel;

import org.springframework.amqp.core.Message;

/**
 * The deliveries of one batch and which of them were already settled alone. The batch ends with
 * one multiple ack (or nack) naming the highest delivery still outstanding: it settles every
 * outstanding delivery up to it, and never a tag the broker no longer knows (a tag settled twice
 * closes the channel with PRECONDITION_FAILED, and the broker redelivers the whole batch).
 */
final class Settlement {

	private final Channel channel;

	private final List<Long> tags;

	private final Set<Long> settled = new HashSet<>();

	Settlement(Channel channel, List<Message> messages) {
		this.channel = channel;
		this.tags = messages.stream().map(m -> m.getMessageProperties().getDeliveryTag()).toList();
	}

	void settledAlone(long tag) {
		settled.add(tag);
	}

	/** Returns one delivery to the queue on its own, and leaves it out of the batch's final settlement. */
	void returnAlone(long tag) throws IOException {
		channel.basicNack(tag, false, true);
		settledAlone(tag);
	}

	/** The highest delivery tag of the batch not yet settled, or -1 if none. */
	long highestOutstanding() {
		return tags.stream().filter(t -> !settled.contains(t)).mapToLong(Long::longValue).max().orElse(-1);
	}

	void ackOutstanding() throws IOException {
		long tag = highestOutstanding();
		if (tag >= 0) {
			channel.basicAck(tag, true);
		}
	}

	void returnOutstanding() throws IOException {
		long tag = highestOutstanding();
		if (tag >= 0) {
			channel.basicNack(tag, true, true);
		}
	}

}
