package dev.jobs.core.job;

import java.util.List;

/**
 * A type's broker queues and what the broker last said about them, as the operator's read model
 * shows them. Implemented by the auto-configuration from the topology and the gauges' cache, so
 * reading it never calls the broker.
 */
public interface TypeQueues {

	String workQueue(String type);

	List<String> retryQueues(String type);

	String deadLetterQueue(String type);

	/** Ready messages in a queue at the last poll; {@code null} when unknown. */
	Long ready(String queue);

}
