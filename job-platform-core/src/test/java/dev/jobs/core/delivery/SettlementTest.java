package dev.jobs.core.delivery;

import java.util.List;
import java.util.stream.LongStream;

import com.rabbitmq.client.Channel;
import org.junit.jupiter.api.Test;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;

import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

/**
 * How a batch of deliveries is settled at its end (the decision alone; {@code BatchedDeliveryIntegrationTest}
 * shows it against the real broker): one multiple ack or nack naming the highest delivery still outstanding,
 * never a tag that was already settled alone, which would close the channel.
 */
class SettlementTest {

	private final Channel channel = mock(Channel.class);

	@Test
	void batchWithNothingSettledAloneIsAcknowledgedUpToItsLastDelivery() throws Exception {
		Settlement settlement = new Settlement(channel, deliveries(5, 6, 7));

		settlement.ackOutstanding();

		verify(channel).basicAck(7, true);
	}

	@Test
	void lastDeliverySettledAloneIsNotNamedAgain() throws Exception {
		Settlement settlement = new Settlement(channel, deliveries(5, 6, 7));
		settlement.settledAlone(7); // unreadable, acked on its own

		settlement.ackOutstanding();

		verify(channel).basicAck(6, true);
		verify(channel, never()).basicAck(7, true);
	}

	@Test
	void batchWhoseDeliveriesWereAllSettledAloneSendsNothingMore() throws Exception {
		Settlement settlement = new Settlement(channel, deliveries(5, 6));
		settlement.settledAlone(5);
		settlement.settledAlone(6);

		settlement.ackOutstanding();
		settlement.returnOutstanding();

		verifyNoInteractions(channel);
	}

	@Test
	void returningTheBatchNamesTheHighestOutstandingDeliveryToo() throws Exception {
		Settlement settlement = new Settlement(channel, deliveries(5, 6, 7));
		settlement.settledAlone(7);

		settlement.returnOutstanding();

		verify(channel).basicNack(6, true, true);
		verify(channel, never()).basicAck(anyLong(), anyBoolean());
	}

	private static List<Message> deliveries(long... tags) {
		return LongStream.of(tags).mapToObj(tag -> {
			MessageProperties properties = new MessageProperties();
			properties.setDeliveryTag(tag);
			return new Message(new byte[0], properties);
		}).toList();
	}

}
