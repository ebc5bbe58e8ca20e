package dev.jobs.dashboard;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** The dashboard's settings ({@code jobs.dashboard.*}). */
@ConfigurationProperties("jobs.dashboard")
public class DashboardProperties {

	/** Whether the dashboard is served under /dashboard. */
	private boolean enabled = true;

	/** Rows per page on the jobs and operation log pages. */
	private int pageSize = 25;

	/** How often the overview's counts and charts refresh themselves, and a running job's progress. */
	private Duration refreshInterval = Duration.ofSeconds(5);

	/**
	 * Link from a job's detail to its trace in a tracing UI, with {@code {traceId}} where the trace id goes (e.g.
	 * Grafana's Explore on Tempo, or {@code http://localhost:16686/trace/{traceId}} for Jaeger); empty: the trace
	 * id is shown without a link.
	 */
	private String traceLink = "";

	public String getTraceLink() {
		return traceLink;
	}

	public void setTraceLink(String traceLink) {
		this.traceLink = traceLink;
	}

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

}
