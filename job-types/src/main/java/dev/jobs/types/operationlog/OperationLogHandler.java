package dev.jobs.types.operationlog;

import java.time.Duration;
import java.util.List;
import java.util.Set;

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

	OperationLogHandler(OperationLogStore store, int batchSize, Duration batchTimeout) {
		this.store = store;
		this.batchSize = batchSize;
		this.batchTimeout = batchTimeout;
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

	@Override
	public Duration batchTimeout() {
		return batchTimeout;
	}

	/** Entries are recorded by @OperationLog, never submitted by anyone. */
	@Override
	public Set<String> submitRoles() {
		return Set.of(ADMINS);
	}

}
