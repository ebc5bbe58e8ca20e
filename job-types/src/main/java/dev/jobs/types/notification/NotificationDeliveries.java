package dev.jobs.types.notification;

import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The send record of each job and channel ({@code notification_delivery}), which keeps a retried or
 * redelivered job from sending again what an earlier attempt already sent.
 */
class NotificationDeliveries {

	/** What {@link #claim} found. */
	enum Claim {

		/** Nothing was sent for this job and channel: go ahead. */
		FIRST,
		/**
		 * An earlier attempt claimed the send and never recorded an outcome: it died, or lost its lease,
		 * between the claim and the record, possibly after the SMTP server accepted the mail. Sending
		 * again may deliver a duplicate; not sending may lose the notification. We send (at-least-once):
		 * the one case where a mail may arrive twice.
		 */
		UNRECORDED,
		/**
		 * An earlier attempt sent the whole message and lost the server's answer (timeout, reset): it may
		 * have been delivered. Not sent again: recorded, warned and counted when it happened.
		 */
		UNCERTAIN,
		/** An earlier attempt sent it: do not send again. */
		ALREADY_SENT

	}

	private final JdbcClient jdbc;

	NotificationDeliveries(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Claims the send for this attempt: inserts {@code SENDING}, or takes over a {@code SENDING} row of
	 * an earlier attempt. Commits on its own (the handler runs outside a transaction), before the
	 * mail goes out.
	 */
	Claim claim(UUID jobId, Channel channel, int attempt, String recipient) {
		Integer earlierAttempt = jdbc.sql("""
				with earlier as (
				    select attempt from {jobs}.notification_delivery where job_id = :jobId and channel = :channel
				)
				insert into {jobs}.notification_delivery as d (job_id, channel, status, attempt, recipient)
				values (:jobId, :channel, 'SENDING', :attempt, :recipient)
				on conflict (job_id, channel) do update
				   set status = 'SENDING', attempt = excluded.attempt, recipient = excluded.recipient, updated_at = now()
				 where d.status = 'SENDING'
				returning coalesce((select attempt from earlier), 0)
				""")
			.param("jobId", jobId)
			.param("channel", channel.name())
			.param("attempt", attempt)
			.param("recipient", recipient)
			.query(Integer.class)
			.optional()
			.orElse(null);
		if (earlierAttempt == null) {
			// SENT or UNCERTAIN: an earlier attempt knows what happened, and it is not "nothing".
			String status = jdbc.sql("select status from {jobs}.notification_delivery where job_id = :jobId and channel = :channel")
				.param("jobId", jobId)
				.param("channel", channel.name())
				.query(String.class)
				.optional()
				.orElse("SENT");
			return "UNCERTAIN".equals(status) ? Claim.UNCERTAIN : Claim.ALREADY_SENT;
		}
		return (earlierAttempt == 0 || earlierAttempt == attempt) ? Claim.FIRST : Claim.UNRECORDED;
	}

	/** Records that the send of this job and channel happened. */
	void markSent(UUID jobId, Channel channel, String messageId) {
		jdbc.sql("""
				update {jobs}.notification_delivery set status = 'SENT', message_id = :messageId, updated_at = now()
				 where job_id = :jobId and channel = :channel
				""")
			.param("jobId", jobId)
			.param("channel", channel.name())
			.param("messageId", messageId)
			.update();
	}

	/**
	 * Records that the whole message went to the server and its answer was lost: it may have been
	 * delivered, and is not sent again. Only over this attempt's own claim (never over a {@code SENT}).
	 */
	void markUncertain(UUID jobId, Channel channel, int attempt, String messageId) {
		jdbc.sql("""
				update {jobs}.notification_delivery set status = 'UNCERTAIN', message_id = :messageId, updated_at = now()
				 where job_id = :jobId and channel = :channel and status = 'SENDING' and attempt = :attempt
				""")
			.param("jobId", jobId)
			.param("channel", channel.name())
			.param("attempt", attempt)
			.param("messageId", messageId)
			.update();
	}

	/**
	 * Inserts the {@code SENT} record of an in-app notification, in the caller's transaction (the one
	 * that inserts the notification).
	 * @return false if this job's notification already exists
	 */
	boolean recordSent(UUID jobId, Channel channel, int attempt, String recipient) {
		return jdbc.sql("""
				insert into {jobs}.notification_delivery (job_id, channel, status, attempt, recipient)
				values (:jobId, :channel, 'SENT', :attempt, :recipient)
				on conflict (job_id, channel) do nothing
				""")
			.param("jobId", jobId)
			.param("channel", channel.name())
			.param("attempt", attempt)
			.param("recipient", recipient)
			.update() == 1;
	}

	/**
	 * Gives the claim back after the server refused the mail, so the record says what is known: nothing
	 * was sent.
	 */
	void release(UUID jobId, Channel channel, int attempt) {
		jdbc.sql("delete from {jobs}.notification_delivery where job_id = :jobId and channel = :channel "
				+ "and status = 'SENDING' and attempt = :attempt")
			.param("jobId", jobId)
			.param("channel", channel.name())
			.param("attempt", attempt)
			.update();
	}

}
