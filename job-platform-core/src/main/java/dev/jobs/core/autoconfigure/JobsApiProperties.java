package dev.jobs.core.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/** The REST API ({@code jobs.api.*}): whether it is served, who administers and who audits, its limits. */
@ConfigurationProperties("jobs.api")
public class JobsApiProperties {

	/** Whether the REST API under /api/jobs and /api/job-types is served. */
	private boolean enabled = true;

	/** Largest page the list endpoint returns; larger requests are clamped. */
	private int maxPageSize = 200;

	/**
	 * Roles that see and steer every job and run dead-letter actions. Others see only their own
	 * jobs.
	 */
	private List<String> adminRoles = new ArrayList<>(List.of("SUPER_ADMIN", "ADMIN"));

	/**
	 * Roles that see every job, as administrators do, but change nothing: auditors. Their
	 * retries, cancels and dead-letter actions are refused (403).
	 */
	private List<String> readerRoles = new ArrayList<>(List.of("AUDITOR"));

	/**
	 * Whether a request without an authenticated caller may use the API, as an unrestricted
	 * caller named "anonymous". Only for a local trial without security; otherwise such a
	 * request is a 401.
	 */
	private boolean allowAnonymous = false;

	/** Largest request body the API accepts; larger ones are refused with 413. */
	private DataSize maxRequestSize = DataSize.ofKilobytes(256);

	public boolean isEnabled() {
		return enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public int getMaxPageSize() {
		return maxPageSize;
	}

	public void setMaxPageSize(int maxPageSize) {
		this.maxPageSize = maxPageSize;
	}

	public List<String> getAdminRoles() {
		return adminRoles;
	}

	public void setAdminRoles(List<String> adminRoles) {
		this.adminRoles = adminRoles;
	}

	public List<String> getReaderRoles() {
		return readerRoles;
	}

	public void setReaderRoles(List<String> readerRoles) {
		this.readerRoles = readerRoles;
	}

	public boolean isAllowAnonymous() {
		return allowAnonymous;
	}

	public void setAllowAnonymous(boolean allowAnonymous) {
		this.allowAnonymous = allowAnonymous;
	}

	public DataSize getMaxRequestSize() {
		return maxRequestSize;
	}

	public void setMaxRequestSize(DataSize maxRequestSize) {
		this.maxRequestSize = maxRequestSize;
	}

}
