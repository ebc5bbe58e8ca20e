package dev.jobs.dashboard;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** The dashboard's settings ({@code jobs.dashboard.*}). */
@ConfigurationProperties("jobs.dashboard")
public class DashboardProperties {

	/** Whether the dashboard is served under /dashboard. */
	private boolean enabled = true;

	/** Jobs per page on the jobs page. */
	private int pageSize = 25;

	/** How often the overview's counts and charts refresh themselves, and a running job's progress. */
	private Duration refreshInterval = Duration.ofSeconds(5);

	/**
	 * Where the operation log is served (e.g. /dashboard/operation-log); empty: no such page, and
	 * no navigation entry for it.
	 */
	private String operationLogPath = "";

	public boolean isEnabled() {
		return enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public int getPageSize() {
		return pageSize;
	}

	public void setPageSize(int pageSize) {
		this.pageSize = pageSize;
	}

	public Duration getRefreshInterval() {
		return refreshInterval;
	}

	public void setRefreshInterval(Duration refreshInterval) {
		this.refreshInterval = refreshInterval;
	}

	public String getOperationLogPath() {
		return operationLogPath;
	}

	public void setOperationLogPath(String operationLogPath) {
		this.operationLogPath = operationLogPath;
	}

}
