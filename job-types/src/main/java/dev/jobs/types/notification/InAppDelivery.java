package dev.jobs.types.notification;

import java.util.UUID;

import dev.jobs.types.notification.NotificationRenderer.Rendered;
import dev.jobs.types.notification.Recipients.Recipient;

import org.springframework.transaction.support.TransactionTemplate;

/**
 * The in-app channel: a notification is added to the recipient's inbox together with its send record, in one
 * transaction, so a job delivered twice adds it once.
 */
class InAppDelivery {

	private final NotificationDeliveries deliveries;

	private final NotificationInbox inbox;

	private final TransactionTemplate transaction;

	InAppDelivery(NotificationDeliveries deliveries, NotificationInbox inbox, TransactionTemplate transaction) {
		this.deliveries = deliveries;
		this.inbox = inbox;
		this.transaction = transaction;
	}

	/** Adds the notification unless this job's attempt, or an earlier one, already did; true if it was added. */
	boolean addOnce(UUID jobId, int attempt, Recipient recipient, NotificationTemplate template, Rendered message) {
		return Boolean.TRUE.equals(transaction.execute(status -> {
			if (!deliveries.recordSent(jobId, Channel.IN_APP, attempt, recipient.username())) {
				return false;
			}
			inbox.add(recipient.userId(), jobId, template, message.subject(), message.text().strip());
			return true;
		}));
	}

}
