package dev.jobs.types.notification;

/** How a notification reaches its recipient. */
public enum Channel {

	/** A mail through the configured SMTP server ({@code spring.mail.*}). */
	EMAIL,
	/** A row in the recipient's inbox ({@code GET /api/notifications}), pushed to their open streams. */
	IN_APP

}
