package dev.jobs.types.notification;

/**
 * The whole message reached the mail server, and then its answer was lost: a read timeout or a reset
 * connection while waiting for the reply to the final "." of DATA. The server may have taken the mail
 * or not; nobody can tell. Sending again could deliver it twice, so it is recorded as uncertain instead
 * (see {@link NotificationDeliveries#markUncertain}).
 */
class MailOutcomeUnknownException extends RuntimeException {

	private final String messageId;

	MailOutcomeUnknownException(String message, String messageId, Throwable cause) {
		super(message, cause);
		this.messageId = messageId;
	}

	String messageId() {
		return messageId;
	}

}
