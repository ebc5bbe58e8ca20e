package dev.jobs.types.notification;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.jobs.core.JobEndListener;
import dev.jobs.core.JobStatus;
import dev.jobs.core.JobView;
import dev.jobs.core.SubmitOptions;
import dev.jobs.types.notification.Recipients.Recipient;
import tools.jackson.databind.JsonNode;

/**
 * "Your export is ready" (or "your export failed, because…"): when an export job ends, its owner is
 * notified in-app, and by email if they have an address and want exports by email. The notification
 * jobs are submitted in the transaction that records the export's end, so each exists exactly when
 * the export ended that way, and once.
 */
final class ExportNotifications implements JobEndListener {

	private static final int MAX_REASON = 500;

	private final Set<String> exportTypes;

	private final Recipients recipients;

	private final NotificationPreferences preferences;

	ExportNotifications(List<String> exportTypes, Recipients recipients, NotificationPreferences preferences) {
		this.exportTypes = Set.copyOf(exportTypes);
		this.recipients = recipients;
		this.preferences = preferences;
	}

	@Override
	public boolean isAbout(String type, JobStatus status) {
		return exportTypes.contains(type) && (status == JobStatus.SUCCEEDED || status == JobStatus.FAILED);
	}

	@Override
	public void onJobEnded(JobView job, FollowUps followUps) {
		// Submitted by the application itself, or by a user who is gone: nobody to tell.
		Optional<Recipient> owner = recipients.findUser(job.createdBy());
		if (owner.isEmpty()) {
			return;
		}
		NotificationTemplate template = (job.status() == JobStatus.SUCCEEDED) ? NotificationTemplate.EXPORT_READY
				: NotificationTemplate.EXPORT_FAILED;
		Map<String, String> params = new LinkedHashMap<>();
		params.put("jobId", job.id().toString());
		if (job.status() == JobStatus.SUCCEEDED) {
			params.put("fileName", fileName(job));
			params.put("downloadUrl", "/api/jobs/" + job.id() + "/result");
		}
		else {
			String reason = (job.lastError() != null) ? job.lastError() : "unknown error";
			params.put("reason", (reason.length() > MAX_REASON) ? reason.substring(0, MAX_REASON) + "…" : reason);
		}
		submit(followUps, job, Channel.IN_APP, owner.get(), template, params);
		if (deliverable(owner.get().email())
				&& preferences.wants(owner.get().userId(), template.category(), Channel.EMAIL)) {
			submit(followUps, job, Channel.EMAIL, owner.get(), template, params);
		}
	}

	private static void submit(FollowUps followUps, JobView job, Channel channel, Recipient owner,
			NotificationTemplate template, Map<String, String> params) {
		// The key makes a second ending of the same export (there is none: ends are fenced) a replay, not a copy.
		followUps.submit(Notification.TYPE, new NotificationPayload(channel, owner.username(), template, params, null),
				SubmitOptions.defaults().withIdempotencyKey("export-end:" + job.id() + ":" + channel));
	}

	/**
	 * Whether mail to this address can arrive at all: not blank, and not in the {@code .invalid} domain,
	 * which RFC 2606 reserves for addresses that never exist (the demo accounts use it).
	 */
	static boolean deliverable(String email) {
		return email != null && !email.isBlank()
				&& !email.toLowerCase(java.util.Locale.ROOT).endsWith(".invalid");
	}

	private static String fileName(JobView job) {
		JsonNode result = job.result();
		JsonNode name = (result != null) ? result.path("file").path("name") : null;
		return (name != null && name.isString() && !name.asString().isBlank()) ? name.asString() : job.type() + ".xlsx";
	}

}
