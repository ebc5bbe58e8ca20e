package dev.jobs.types.notification;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import dev.jobs.core.JobContext;
import dev.jobs.core.JobHandler;
import dev.jobs.core.NonRetryableJobException;
import dev.jobs.types.notification.NotificationDeliveries.Claim;
import dev.jobs.types.notification.NotificationRenderer.Rendered;
import dev.jobs.types.notification.Recipients.Recipient;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessException;

/**
 * {@code NOTIFICATION}: writes one notification in the recipient's language and delivers it by mail
 * or to their in-app inbox, unless they opted out of the channel for this kind of notification.
 * Sends at most once per job and channel as far as the database can tell (see
 * {@link NotificationDeliveries}); the result says what happened.
 */
class NotificationHandler implements JobHandler<NotificationPayload> {

	private static final Logger log = LoggerFactory.getLogger(NotificationHandler.class);

	/** How long a send record is written again while the database refuses it. */
	static final Duration RECORD_PATIENCE = Duration.ofMinutes(5);

	private final Recipients recipients;

	private final NotificationPreferences preferences;

	private final NotificationRenderer renderer;

	private final NotificationDeliveries deliveries;

	private final InAppDelivery inApp;

	/** Null when no mail server is configured. */
	private final Supplier<EmailSender> email;

	private final MeterRegistry meters;

	NotificationHandler(Recipients recipients, NotificationPreferences preferences, NotificationRenderer renderer,
			NotificationDeliveries deliveries, Supplier<EmailSender> email, InAppDelivery inApp, MeterRegistry meters) {
		this.recipients = recipients;
		this.preferences = preferences;
		this.renderer = renderer;
		this.deliveries = deliveries;
		this.inApp = inApp;
		this.email = email;
		this.meters = meters;
		// Registered up front, so every channel's series exists (at 0) before its first notification.
		for (Channel channel : Channel.values()) {
			for (String name : new String[] { "sent", "failed", "skipped", "uncertain" }) {
				meters.counter("jobs.notifications." + name, "channel", channel.name());
			}
		}
	}

	@Override
	public String type() {
		return Notification.TYPE.name();
	}

	@Override
	public Class<NotificationPayload> payloadType() {
		return Notification.TYPE.payloadType();
	}

	@Override
	public void handle(NotificationPayload payload, JobContext context) {
		try {
			deliver(payload, context);
		}
		catch (RuntimeException ex) {
			meters.counter("jobs.notifications.failed", "channel", payload.channel().name()).increment();
			throw ex;
		}
	}

	private void deliver(NotificationPayload payload, JobContext context) {
		Channel channel = payload.channel();
		// Checked at submission; a user deleted or disabled since then is gone for good.
		Recipient recipient = recipients.resolve(payload.recipient().strip())
			.orElseThrow(() -> new NonRetryableJobException("Recipient " + payload.recipient() + " is no active user"));
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("channel", channel.name());
		result.put("recipient", payload.recipient());
		result.put("template", payload.template().name());
		NotificationCategory category = payload.template().category();
		if (recipient.isUser() && !preferences.wants(recipient.userId(), category, channel)) {
			meters.counter("jobs.notifications.skipped", "channel", channel.name()).increment();
			result.put("outcome", "SKIPPED");
			result.put("reason", "skipped by preference: " + recipient.username() + " does not want "
					+ category + " notifications by " + channel);
			context.setResult(result);
			return;
		}
		Rendered message = renderer.render(payload.template(),
				renderer.locale((payload.locale() != null) ? payload.locale() : recipient.locale()), payload.params());
		result.put("locale", message.locale().toLanguageTag());
		result.put("subject", message.subject());
		result.putAll((channel == Channel.EMAIL) ? sendEmail(recipient, message, context)
				: addInApp(recipient, payload.template(), message, context));
		context.setResult(result);
	}

	private Map<String, Object> sendEmail(Recipient recipient, Rendered message, JobContext context) {
		EmailSender sender = email.get();
		if (sender == null) {
			throw new NonRetryableJobException("No mail server is configured (spring.mail.host)");
		}
		UUID jobId = context.jobId();
		Claim claim = deliveries.claim(jobId, Channel.EMAIL, context.attempt(), recipient.email());
		if (claim == Claim.ALREADY_SENT) {
			return Map.of("outcome", "ALREADY_SENT");
		}
		if (claim == Claim.UNCERTAIN) {
			return Map.of("outcome", "UNCERTAIN", "email", recipient.email(), "reason", "an earlier attempt sent the "
					+ "whole message and lost the server's answer; it may have been delivered and is not sent again");
		}
		if (claim == Claim.UNRECORDED) {
			log.warn("Job {}: an earlier attempt claimed the mail to {} and never recorded what became of it (its "
					+ "worker died or lost its lease); sending again, which may deliver it twice", jobId, recipient.email());
		}
		String messageId;
		try {
			messageId = sender.send(jobId, recipient.email(), message);
		}
		catch (MailOutcomeUnknownException ex) {
			// Not sent again: a second copy is as likely as a lost one, and the server usually has it.
			record(context, () -> deliveries.markUncertain(jobId, Channel.EMAIL, context.attempt(), ex.messageId()));
			meters.counter("jobs.notifications.uncertain", "channel", Channel.EMAIL.name()).increment();
			log.warn("Job {}: {}. The mail to {} (Message-ID {}) is recorded as UNCERTAIN and not sent again; check "
					+ "the mail server's log, and submit a new notification if it never arrived", jobId, ex.getMessage(),
					recipient.email(), ex.messageId());
			return Map.of("outcome", "UNCERTAIN", "email", recipient.email(), "messageId", ex.messageId(), "reason",
					ex.getMessage());
		}
		catch (RuntimeException ex) {
			// Refused before the server took the message: nothing was delivered, the retry sends.
			deliveries.release(jobId, Channel.EMAIL, context.attempt());
			throw ex;
		}
		// The server has the mail: the record must say so, or a retry would send it again. Written again
		// until it holds; only a worker that dies or loses its lease here leaves the claim unrecorded.
		record(context, () -> deliveries.markSent(jobId, Channel.EMAIL, messageId));
		meters.counter("jobs.notifications.sent", "channel", Channel.EMAIL.name()).increment();
		return Map.of("outcome", "SENT", "email", recipient.email(), "messageId", messageId);
	}

	/**
	 * Writes a send record after the mail went out, again and again while the database refuses it (100 ms,
	 * doubling to 2 s). Gives up only when this attempt is taken away (its handler interrupted: lease lost,
	 * instance stopping) or after {@link #RECORD_PATIENCE}; the claim then stays, and the next attempt
	 * treats it as {@link Claim#UNRECORDED}.
	 */
	private void record(JobContext context, Runnable write) {
		long deadline = System.nanoTime() + RECORD_PATIENCE.toNanos();
		long backoff = 100;
		for (int tries = 1;; tries++) {
			try {
				write.run();
				if (tries > 1) {
					log.info("Job {}: the send record was written at try {}", context.jobId(), tries);
				}
				return;
			}
			catch (DataAccessException ex) {
				if (System.nanoTime() > deadline) {
					throw ex;
				}
				log.warn("Job {}: the mail went out but its send record could not be written ({}); trying again in "
						+ "{} ms, the mail is not sent again", context.jobId(), ex.getMessage(), backoff);
				try {
					TimeUnit.MILLISECONDS.sleep(backoff);
				}
				catch (InterruptedException interrupted) {
					Thread.currentThread().interrupt();
					throw ex;
				}
				backoff = Math.min(backoff * 2, 2000);
			}
		}
	}

	private Map<String, Object> addInApp(Recipient recipient, NotificationTemplate template, Rendered message,
			JobContext context) {
		boolean added = inApp.addOnce(context.jobId(), context.attempt(), recipient, template, message);
		if (!added) {
			return Map.of("outcome", "ALREADY_SENT");
		}
		meters.counter("jobs.notifications.sent", "channel", Channel.IN_APP.name()).increment();
		return Map.of("outcome", "SENT", "user", recipient.username());
	}

}
