package dev.jobs.types.operationlog;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A consumer of packed entries takes about a batch of entries at a time, not a batch of messages
 * of many entries each: 500 messages of 200 entries would be 100,000 entries in memory.
 */
class OperationLogHandlerTest {

	@Test
	void aBatchTakesAsManyPackedMessagesAsMakeABatchOfEntries() {
		assertThat(handler(500, 200).messagesPerBatch()).isEqualTo(2);
		assertThat(handler(500, 100).messagesPerBatch()).isEqualTo(5);
	}

	@Test
	void unpackedEntriesAreTakenABatchOfMessagesAtATime() {
		assertThat(handler(500, 1).messagesPerBatch()).isEqualTo(500);
	}

	@Test
	void messagesLargerThanABatchAreTakenOneAtATime() {
		assertThat(handler(100, 1000).messagesPerBatch()).isEqualTo(1);
	}

	private static OperationLogHandler handler(int batchSize, int entriesPerMessage) {
		return new OperationLogHandler(null, batchSize, Duration.ofMillis(200), entriesPerMessage);
	}

}
