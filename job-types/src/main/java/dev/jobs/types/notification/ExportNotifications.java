package dev.jobs.types.notification;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import dev.jobs.core.BatchView;
import dev.jobs.core.Batches;
import dev.jobs.core.IdempotencyConflictException;
import dev.jobs.core.InvalidJobPayloadException;
import dev.jobs.core.JobEndListener;
import dev.jobs.core.JobStatus;
import dev.jobs.core.JobView;
import dev.jobs.core.SubmitOptions;
import dev.jobs.core.TooManyActiveJobsException;
import dev.jobs.core.UnknownJobTypeException;
import dev.jobs.types.notification.Recipients.Recipient;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.JsonNode;

/**
 * "Your export is ready" (or "your export failed, because…"): when an export job ends, its owner is
 * notified in-app, and by email if they have an address and want exports by email. The notification
 * jobs are submitted in the transaction that records the export's end, so each exists exactly when
 * the export ended that way, and once per ending: an export that failed, was retried and then
 * succeeded tells its owner both.
 *
 * <p>An export that is a member of a batch whose callback is an export itself (the department export's
 * {@code EMPLOYEE_EXPORT_PACK}) is not announced: that callback's end tells the owner once, for all of them. An
 * export whose result lists what its file lacks ({@code missing}, the departments a pack left out) is announced with
 * that list ({@link NotificationTemplate#EXPORT_PARTLY_READY}).
 *
 * <p>A failure of this listener (its submit refused, say) cannot fail the export's end: the platform
 * rolls its follow-ups back and logs it. It is counted too ({@value #FAILURES}, tagged {@code reason}),
 * so that notices that were never created show on a dashboard, not only in a log.
 */
final class ExportNotifications implements JobEndListener {

	private static final int MAX_REASON = 500;

	static final String FAILURES = "jobs.notifications.export_end.failures";

	/** The reasons counted, registered up front so that each series exists (at 0) before its first failure. */
	private static final List<String> REASONS = List.of("idempotency-conflict", "invalid-payload", "unknown-type",
			"too-many-active", "database", "other");

	private final Set<String> exportTypes;

	private final Recipients recipients;

	private final NotificationPreferences preferences;

	private final Map<String, Counter> failures = new LinkedHashMap<>();

	/** Asked when an export ends, not at start: the batches depend on the job ends' listeners, this one among them. */
	private final Supplier<Batches> batches;

	ExportNotifications(List<String> exportTypes, Recipients recipients, NotificationPreferences preferences,
			MeterRegistry meters) {
		this(exportTypes, recipients, preferences, meters, () -> null);
	}

	ExportNotifications(List<String> exportTypes, Recipients recipients, NotificationPreferences preferences,
			MeterRegistry meters, Supplier<Batches> batches) {
		this.exportTypes = Set.copyOf(exportTypes);
		this.recipients = recipients;
		this.preferences = preferences;
		this.batches = batches;
		for (String reason : REASONS) {
			failures.put(reason, Counter.builder(FAILURES)
				.description("Export endings whose owner notification could not be created (the export's end stands)")
				.tag("reason", reason)
				.register(meters));
		}
	}

	@Override
	public boolean isAbout(String type, JobStatus status) {
		return exportTypes.contains(type) && (status == JobStatus.SUCCEEDED || status == JobStatus.FAILED);
	}

	@Override
	public void onJobEnded(JobView job, FollowUps followUps) {
		try {
			notifyOwner(job, followUps);
		}
		catch (RuntimeException ex) {
			// Counted here; the platform rolls this listener's follow-ups back and logs the error.
			failures.get(reason(ex)).increment();
			throw ex;
		}
	}

	static String reason(RuntimeException ex) {
		if (ex instanceof IdempotencyConflictException) {
			return "idempotency-conflict";
		}
		if (ex instanceof InvalidJobPayloadException) {
			return "invalid-payload";
		}
		if (ex instanceof UnknownJobTypeException) {
			return "unknown-type";
		}
		if (ex instanceof TooManyActiveJobsException) {
			return "too-many-active";
		}
		if (ex instanceof org.springframework.dao.DataAccessException) {
			return "database";
		}
		return "other";
	}

	private void notifyOwner(JobView job, FollowUps followUps) {
		// Submitted by the application itself, or by a user who is gone: nobody to tell.
		Optional<Recipient> owner = recipients.findUser(job.createdBy());
		if (owner.isEmpty() || announcedByItsBatch(job)) {
			return;
		}
		String missing = (job.status() == JobStatus.SUCCEEDED) ? missing(job) : null;
		NotificationTemplate template = (job.status() != JobStatus.SUCCEEDED) ? NotificationTemplate.EXPORT_FAILED
				: (missing != null) ? NotificationTemplate.EXPORT_PARTLY_READY : NotificationTemplate.EXPORT_READY;
		Map<String, String> params = new LinkedHashMap<>();
		params.put("jobId", job.id().toString());
		if (job.status() == JobStatus.SUCCEEDED) {
			params.put("fileName", fileName(job));
			params.put("downloadUrl", "/api/jobs/" + job.id() + "/result");
			if (missing != null) {
				params.put("missing", missing);
			}
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

	/**
	 * Whether the job is a member of a batch that has an export among its callbacks: that callback announces the
	 * batch's files once, so its members stay quiet (ten department exports are one notice, not eleven).
	 */
	private boolean announcedByItsBatch(JobView job) {
		Batches all = batches.get();
		if (all == null) {
			return false;
		}
		Optional<BatchView> batch = all.batchOf(job.id()).flatMap(all::find);
		return batch.isPresent()
				&& batch.get().callbacks().stream().noneMatch(c -> c.jobId().equals(job.id()))
				&& batch.get().callbacks().stream().anyMatch(c -> exportTypes.contains(c.type()));
	}

	/**
	 * What the file lacks, from the result's {@code missing} list (each a text, or an object with a {@code name} and a
	 * {@code reason}), as one line; null when nothing is missing.
	 */
	static String missing(JobView job) {
		JsonNode missing = (job.result() != null) ? job.result().path("missing") : null;
		if (missing == null || !missing.isArray() || missing.isEmpty()) {
			return null;
		}
		List<String> items = missing.valueStream().map(item -> {
			if (item.isString()) {
				return item.asString();
			}
			String name = item.path("name").isString() ? item.path("name").asString() : "?";
			return item.path("reason").isString() ? name + " (" + item.path("reason").asString() + ")" : name;
		}).toList();
		String text = String.join("; ", items);
		return (text.length() > MAX_REASON) ? text.substring(0, MAX_REASON) + "…" : text;
	}

	private static void submit(FollowUps followUps, JobView job, Channel channel, Recipient owner,
			NotificationTemplate template, Map<String, String> params) {
		followUps.submit(Notification.TYPE, new NotificationPayload(channel, owner.username(), template, params, null),
				SubmitOptions.defaults().withIdempotencyKey(idempotencyKey(job, channel)));
	}

	/**
	 * One key per ending of the export and channel: the attempt that ended and when it ended. The same
	 * ending told twice is a replay (one notice); a new ending (the export retried by a person, a bulk
	 * retry or a dead-letter re-drive, and ended again) is a new notice. A key per export alone made the
	 * second ending's notice an idempotency conflict, and its owner never heard that the retry worked.
	 */
	static String idempotencyKey(JobView job, Channel channel) {
		String ending = (job.finishedAt() != null) ? job.finishedAt().toString() : job.status().name();
		return "export-end:" + job.id() + ":" + job.attempt() + ":" + ending + ":" + channel;
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
