package dev.jobs.core.delivery;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import dev.jobs.core.job.JobMessage;

/**
 * The readable deliveries of one batch, sorted for the claim: one delivery per job goes into the one
 * claim statement; a second message for a job already in the batch (a duplicate publish) is handled
 * alone after the batch, as any late duplicate is.
 *
 * @param distinct the first delivery of each job, in delivery order
 * @param duplicates the further deliveries of a job already in {@code distinct}
 */
record BatchDeliveries(List<Delivery> distinct, List<Delivery> duplicates) {

	/** A readable delivery: its tag on the channel and the job message it carries. */
	record Delivery(long tag, JobMessage message) {
	}

	static BatchDeliveries sort(List<Delivery> deliveries) {
		List<Delivery> distinct = new ArrayList<>(deliveries.size());
		List<Delivery> duplicates = new ArrayList<>();
		Set<UUID> seen = new HashSet<>();
		for (Delivery delivery : deliveries) {
			(seen.add(delivery.message().jobId()) ? distinct : duplicates).add(delivery);
		}
		return new BatchDeliveries(List.copyOf(distinct), List.copyOf(duplicates));
	}

	List<JobMessage> distinctMessages() {
		return distinct.stream().map(Delivery::message).toList();
	}

}
