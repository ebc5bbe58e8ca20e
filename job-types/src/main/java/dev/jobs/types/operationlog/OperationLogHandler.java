package dev.jobs.types.operationlog;

import java.time.Duration;
import java.util.List;

import dev.jobs.core.message.MessageHandler;
import dev.jobs.core.message.ReceivedMessage;

/**
 * The {@code OPERATION_LOG} type: entries arrive as messages (no job row) and are written in batches,
 * once each however often they are delivered.
 */
class OperationLogHandler implements MessageHandler<OperationLogEntry> {

	static final String TYPE = "OPERATION_LOG";

	private final OperationLogStore store;

	private final int batchSize;

	private final Duration batchTimeout;

	private final int entriesPerMessage;

	OperationLogHandler(OperationLogStore store, int batchSize, Duration batchTimeout, int entriesPerMessage) {
		this.store = store;
		this.batchSize = batchSize;
		this.batchTimeout = batchTimeout;
		this.entriesPerMessage = entriesPerMessage;
	}

	@Override
	public String type() {
		return TYPE;
	}

	@Override
	public Class<OperationLogEntry> payloadType() {
		return OperationLogEntry.class;
	}

	@Override
	public void handleBatch(List<ReceivedMessage<OperationLogEntry>> messages) {
		store.insert(messages.stream().map(ReceivedMessage::payload).toList());
	}

	@Override
	public int batchSize() {
		return batchSize;
	}

	/** Entries come packed, so a batch of {@link #batchSize()} entries takes this many messages. */
	@Override
	public int messagesPerBatch() {
		return Math.max(1, batchSize / entriesPerMessage);
	}

	@Override
	public Duration batchTimeout() {
		return batchTimeout;
	}


}
