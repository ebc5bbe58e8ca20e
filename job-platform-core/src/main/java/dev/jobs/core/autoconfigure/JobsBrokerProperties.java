package dev.jobs.core.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.jobs.core.delivery.JobTopology;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** The broker topology ({@code jobs.broker.*}): names, queue kind and retry tiers. */
@ConfigurationProperties("jobs.broker")
public class JobsBrokerProperties {

	/**
	 * Prefix of every exchange and queue name: {@code <prefix>}, {@code <prefix>.<TYPE>}, ... When unset,
	 * {@code <spring.application.name>-jobs}, or {@code jobs} (shared with every unnamed application on the
	 * broker, with a warning at start) when the application has no name.
	 */
	private String prefix;

	/** The kind of queue declared for work, retry and dead-letter queues. */
	private JobTopology.QueueType queueType = JobTopology.QueueType.QUORUM;

	/** Quorum queues: deliveries of one message before the broker parks it (poison-message guard). */
	private int deliveryLimit = 20;

	/** Delays of the retry queues; a retry waits in the smallest tier at least as long as its backoff. */
	private List<Duration> retryTiers = new ArrayList<>(List.of(Duration.ofSeconds(1), Duration.ofSeconds(5),
			Duration.ofSeconds(30), Duration.ofMinutes(2), Duration.ofMinutes(10), Duration.ofHours(1)));

	public String getPrefix() {
		return prefix;
	}

	public void setPrefix(String prefix) {
		this.prefix = prefix;
	}

	public JobTopology.QueueType getQueueType() {
		return queueType;
	}

	public void setQueueType(JobTopology.QueueType queueType) {
		this.queueType = queueType;
	}

	public int getDeliveryLimit() {
		return deliveryLimit;
	}

	public void setDeliveryLimit(int deliveryLimit) {
		this.deliveryLimit = deliveryLimit;
	}

	public List<Duration> getRetryTiers() {
		return retryTiers;
	}

	public void setRetryTiers(List<Duration> retryTiers) {
		this.retryTiers = retryTiers;
	}

}
