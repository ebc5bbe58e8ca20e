package dev.jobs.types.notification;

import java.util.List;

/**
 * The notifications the platform can write, each with the parameters it needs. Its texts are
 * Thymeleaf templates under {@code notification-templates/<locale>/<NAME>.subject.txt}, {@code .txt}
 * and {@code .html}; adding a template is a constant here plus those files for every locale.
 */
public enum NotificationTemplate {

	/** An export's file can be downloaded. */
	EXPORT_READY(NotificationCategory.EXPORT, "fileName", "downloadUrl", "jobId"),
	/** An export's file can be downloaded, but lacks parts (e.g. departments whose export failed). */
	EXPORT_PARTLY_READY(NotificationCategory.EXPORT, "fileName", "downloadUrl", "jobId", "missing"),
	/** An export failed for good. */
	EXPORT_FAILED(NotificationCategory.EXPORT, "jobId", "reason"),
	/** Free text: the caller writes the subject and the body. */
	GENERIC(NotificationCategory.GENERAL, "subject", "body");

	private final NotificationCategory category;

	private final List<String> requiredParams;

	NotificationTemplate(NotificationCategory category, String... requiredParams) {
		this.category = category;
		this.requiredParams = List.of(requiredParams);
	}

	public NotificationCategory category() {
		return category;
	}

	/** Parameters that must be present and not blank. */
	public List<String> requiredParams() {
		return requiredParams;
	}

}
