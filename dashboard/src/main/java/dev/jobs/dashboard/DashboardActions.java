package dev.jobs.dashboard;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.jobs.core.JobAdmin;
import dev.jobs.core.JobAdmin.Action;
import dev.jobs.core.JobAdmin.Actor;
import dev.jobs.core.JobAdmin.BulkResult;
import dev.jobs.core.JobAdmin.Redrive;
import dev.jobs.core.JobBrowser.JobSearch;
import dev.jobs.core.operationlog.OperationLog;

/**
 * Every change the dashboard makes goes through this one class: retry, cancel and delete of one
 * job, of a selection or of everything matching a filter, and dead-letter re-drives. One place to
 * record them and to check them: each method is an {@link OperationLog} entry (the signed-in user,
 * the request's path and IP come from the request; the message carries the counts), and each call
 * goes to the core's {@link JobAdmin}, which refuses anyone but an administrator and applies the
 * same rules as the REST API.
 *
 * <p>A Spring bean, so that the operation log's advice (with {@code job-types} on the classpath)
 * proxies it; calls from inside this class would bypass the advice, so no method calls another.
 */
public class DashboardActions {

	private static final String SELF = "T(dev.jobs.dashboard.DashboardActions)";

	private final JobAdmin admin;

	public DashboardActions(JobAdmin admin) {
		this.admin = admin;
	}

	@OperationLog(action = "DASHBOARD_JOB_RETRY", target = "#jobId",
			success = "retried job #{#jobId} from the dashboard: #{#result.changed()} of #{#result.requested()} changed#{"
					+ SELF + ".skipped(#result)}",
			fail = "could not retry job #{#jobId} from the dashboard: #{#errorMessage}")
	public BulkResult retry(Actor actor, UUID jobId) {
		return admin.retry(actor, List.of(jobId));
	}

	@OperationLog(action = "DASHBOARD_JOB_CANCEL", target = "#jobId",
			success = "cancelled job #{#jobId} from the dashboard: #{#result.changed()} of #{#result.requested()} changed#{"
					+ SELF + ".skipped(#result)}",
			fail = "could not cancel job #{#jobId} from the dashboard: #{#errorMessage}")
	public BulkResult cancel(Actor actor, UUID jobId) {
		return admin.cancel(actor, List.of(jobId));
	}

	@OperationLog(action = "DASHBOARD_JOB_DELETE", target = "#jobId",
			success = "deleted job #{#jobId} from the dashboard: #{#result.changed()} of #{#result.requested()} changed#{"
					+ SELF + ".skipped(#result)}",
			fail = "could not delete job #{#jobId} from the dashboard: #{#errorMessage}")
	public BulkResult delete(Actor actor, UUID jobId) {
		return admin.delete(actor, List.of(jobId));
	}

	/** A retry of the jobs an operator ticked. */
	@OperationLog(action = "DASHBOARD_BULK_RETRY", target = SELF + ".ids(#jobIds)",
			success = "retried #{#result.changed()} of #{#result.requested()} selected job(s) from the dashboard#{"
					+ SELF + ".skipped(#result)}",
			fail = "could not retry #{#jobIds.size()} selected job(s) from the dashboard: #{#errorMessage}")
	public BulkResult retrySelected(Actor actor, Collection<UUID> jobIds) {
		return admin.retry(actor, jobIds);
	}

	/** A cancel of the jobs an operator ticked. */
	@OperationLog(action = "DASHBOARD_BULK_CANCEL", target = SELF + ".ids(#jobIds)",
			success = "cancelled #{#result.changed()} of #{#result.requested()} selected job(s) from the dashboard#{"
					+ SELF + ".skipped(#result)}",
			fail = "could not cancel #{#jobIds.size()} selected job(s) from the dashboard: #{#errorMessage}")
	public BulkResult cancelSelected(Actor actor, Collection<UUID> jobIds) {
		return admin.cancel(actor, jobIds);
	}

	/** A delete of the jobs an operator ticked. */
	@OperationLog(action = "DASHBOARD_BULK_DELETE", target = SELF + ".ids(#jobIds)",
			success = "deleted #{#result.changed()} of #{#result.requested()} selected job(s) from the dashboard#{"
					+ SELF + ".skipped(#result)}",
			fail = "could not delete #{#jobIds.size()} selected job(s) from the dashboard: #{#errorMessage}")
	public BulkResult deleteSelected(Actor actor, Collection<UUID> jobIds) {
		return admin.delete(actor, jobIds);
	}

	/** A retry of every job matching the filter the operator sees. */
	@OperationLog(action = "DASHBOARD_BULK_RETRY_MATCHING", target = SELF + ".filter(#filter)",
			success = "retried #{#result.changed()} of #{#result.requested()} job(s) matching #{" + SELF
					+ ".filter(#filter)} from the dashboard#{" + SELF + ".skipped(#result)}",
			fail = "could not retry the jobs matching #{" + SELF
					+ ".filter(#filter)} from the dashboard: #{#errorMessage}")
	public BulkResult retryMatching(Actor actor, JobSearch filter) {
		return admin.applyToMatching(actor, Action.RETRY, filter);
	}

	/** A cancel of every job matching the filter the operator sees. */
	@OperationLog(action = "DASHBOARD_BULK_CANCEL_MATCHING", target = SELF + ".filter(#filter)",
			success = "cancelled #{#result.changed()} of #{#result.requested()} job(s) matching #{" + SELF
					+ ".filter(#filter)} from the dashboard#{" + SELF + ".skipped(#result)}",
			fail = "could not cancel the jobs matching #{" + SELF
					+ ".filter(#filter)} from the dashboard: #{#errorMessage}")
	public BulkResult cancelMatching(Actor actor, JobSearch filter) {
		return admin.applyToMatching(actor, Action.CANCEL, filter);
	}

	/** A delete of every job matching the filter the operator sees. */
	@OperationLog(action = "DASHBOARD_BULK_DELETE_MATCHING", target = SELF + ".filter(#filter)",
			success = "deleted #{#result.changed()} of #{#result.requested()} job(s) matching #{" + SELF
					+ ".filter(#filter)} from the dashboard#{" + SELF + ".skipped(#result)}",
			fail = "could not delete the jobs matching #{" + SELF
					+ ".filter(#filter)} from the dashboard: #{#errorMessage}")
	public BulkResult deleteMatching(Actor actor, JobSearch filter) {
		return admin.applyToMatching(actor, Action.DELETE, filter);
	}

	/** Retries every parked job of a type and empties its dead-letter queue. */
	@OperationLog(action = "DASHBOARD_DEAD_LETTERS_REDRIVE", target = "#type",
			success = "re-drove the dead letters of #{#type} from the dashboard: #{#result.redriven()} job(s) retried, "
					+ "#{#result.skipped()} parked message(s) skipped",
			fail = "could not re-drive the dead letters of #{#type} from the dashboard: #{#errorMessage}")
	public Redrive redriveAll(Actor actor, String type) {
		return admin.redrive(actor, type);
	}

	/**
	 * Retries one parked job. Its message stays in the dead-letter queue until the next full
	 * re-drive, which skips it (the job is no longer failed).
	 */
	@OperationLog(action = "DASHBOARD_DEAD_LETTER_REDRIVE", target = "#jobId",
			success = "re-drove parked job #{#jobId} from the dashboard: #{#result.changed()} of #{#result.requested()} "
					+ "retried#{" + SELF + ".skipped(#result)}",
			fail = "could not re-drive parked job #{#jobId} from the dashboard: #{#errorMessage}")
	public BulkResult redriveOne(Actor actor, UUID jobId) {
		return admin.retry(actor, List.of(jobId));
	}

	/** The ticked jobs as an operation log target: their ids, comma-separated. */
	public static String ids(Collection<UUID> jobIds) {
		List<String> ids = new ArrayList<>(jobIds.size());
		jobIds.forEach(id -> ids.add(String.valueOf(id)));
		return String.join(", ", ids);
	}

	/** A filter as an operation log target: {@code type=SLEEP, status=PENDING}; {@code all jobs} when empty. */
	public static String filter(JobSearch search) {
		List<String> parts = new ArrayList<>();
		add(parts, "type", search.type());
		add(parts, "status", search.status());
		add(parts, "owner", search.createdBy());
		add(parts, "from", search.from());
		add(parts, "to", search.to());
		add(parts, "q", search.text());
		return parts.isEmpty() ? "all jobs" : String.join(", ", parts);
	}

	private static void add(List<String> parts, String name, Object value) {
		if (value != null) {
			parts.add(name + "=" + value);
		}
	}

	/** "; skipped: 1 already ended", or nothing when every job changed. */
	public static String skipped(BulkResult result) {
		if (result.skipped().isEmpty()) {
			return "";
		}
		List<String> reasons = new ArrayList<>();
		for (Map.Entry<String, Integer> reason : result.skipped().entrySet()) {
			reasons.add(reason.getValue() + " " + reason.getKey());
		}
		return "; skipped: " + String.join(", ", reasons);
	}

}
