package dev.jobs.dashboard;

import dev.jobs.core.FailureGroups;
import dev.jobs.core.JobAdmin.Actor;
import dev.jobs.core.JobAdmin.BulkResult;
import dev.jobs.core.operationlog.OperationLog;

/**
 * The dashboard's retry and cancel of a whole failure group: each an {@link OperationLog} entry with who, which
 * group and how many changed; the core's {@link FailureGroups} refuses anyone but an administrator and applies the
 * rules of every bulk action. A Spring bean, so that the operation log's advice proxies it; no method calls another.
 */
public class FailureGroupActions {

	private static final String SELF = "T(dev.jobs.dashboard.DashboardActions)";

	private final FailureGroups groups;

	public FailureGroupActions(FailureGroups groups) {
		this.groups = groups;
	}

	@OperationLog(action = "DASHBOARD_FAILURE_GROUP_RETRY", target = "#fingerprint",
			success = "retried #{#result.changed()} of #{#result.requested()} failed job(s) of failure group "
					+ "#{#fingerprint} from the dashboard#{" + SELF + ".skipped(#result)}",
			fail = "could not retry failure group #{#fingerprint} from the dashboard: #{#errorMessage}")
	public BulkResult retry(Actor actor, String fingerprint) {
		return groups.retry(actor, fingerprint);
	}

	@OperationLog(action = "DASHBOARD_FAILURE_GROUP_CANCEL", target = "#fingerprint",
			success = "cancelled #{#result.changed()} of #{#result.requested()} retrying job(s) of failure group "
					+ "#{#fingerprint} from the dashboard#{" + SELF + ".skipped(#result)}",
			fail = "could not cancel failure group #{#fingerprint} from the dashboard: #{#errorMessage}")
	public BulkResult cancel(Actor actor, String fingerprint) {
		return groups.cancel(actor, fingerprint);
	}

}
