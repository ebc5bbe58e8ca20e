package dev.jobs.types.notification;

/** A notification could not be delivered this time (the mail server is down, say); the job is retried. */
public class NotificationDeliveryException extends RuntimeException {

	public NotificationDeliveryException(String message, Throwable cause) {
		super(message, cause);
	}

}
