package dev.jobs.types.notification;

/** The kind of a notification; users choose their channels per category. */
public enum NotificationCategory {

	/** About export jobs: a file is ready, an export failed. */
	EXPORT,
	/** Anything else (the {@code GENERIC} template). */
	GENERAL

}
