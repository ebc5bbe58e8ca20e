package dev.jobs.core.delivery;

import java.util.List;
import java.util.function.Function;

import dev.jobs.core.job.JobTypeRegistry;
import dev.jobs.core.job.TypeQueues;

/**
 * A type's queues as the topology declares them (a message type has no retry queues: {@link JobTopology#tiersOf}),
 * with the ready counts the gauges polled last, so the operators' read model never calls the broker.
 */
public final class TopologyQueues implements TypeQueues {

	private final JobTopology topology;

	private final JobTypeRegistry registry;

	private final Function<String, Long> lastReadyCount;

	/** @param lastReadyCount a queue's ready messages at the gauges' last poll, {@code null} when unknown */
	public TopologyQueues(JobTopology topology, JobTypeRegistry registry, Function<String, Long> lastReadyCount) {
		this.topology = topology;
		this.registry = registry;
		this.lastReadyCount = lastReadyCount;
	}

	@Override
	public String workQueue(String type) {
		return topology.workQueue(type);
	}

	@Override
	public List<String> retryQueues(String type) {
		return topology.tiersOf(registry.require(type)).stream().map(tier -> topology.retryQueue(type, tier)).toList();
	}

	@Override
	public String deadLetterQueue(String type) {
		return topology.deadLetterQueue(type);
	}

	@Override
	public Long ready(String queue) {
		return lastReadyCount.apply(queue);
	}

}
