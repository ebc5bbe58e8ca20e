package dev.jobs.types.notification;

import dev.jobs.core.JobType;

/** {@code NOTIFICATION}: One notification to one user, by mail or in-app; administrators only by default (see type-defaults.properties). */
public final class Notification {

	/** The type's name and payload, for handlers, callers ({@code jobClient.submit(Notification.TYPE, ...)}) and settings. */
	public static final JobType<NotificationPayload> TYPE = JobType.of("NOTIFICATION", NotificationPayload.class);

	private Notification() {
	}

}
