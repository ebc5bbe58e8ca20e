package dev.jobs.core.web;

import java.util.List;

/**
 * What the REST API is configured with ({@code jobs.api.*}), read by the auto-configuration.
 *
 * @param maxPageSize largest page the list endpoint returns; larger requests are clamped
 * @param adminRoles roles that see and steer every job
 * @param allowAnonymous whether a caller without a principal is served (a local trial without security)
 * @param maxRequestSize largest request body, in bytes
 * @param readerRoles roles that see every job but change nothing (auditors)
 */
public record ApiSettings(int maxPageSize, List<String> adminRoles, boolean allowAnonymous, long maxRequestSize,
		List<String> readerRoles) {

	/** Without reader roles. */
	public ApiSettings(int maxPageSize, List<String> adminRoles, boolean allowAnonymous, long maxRequestSize) {
		this(maxPageSize, adminRoles, allowAnonymous, maxRequestSize, List.of());
	}

	public ApiSettings {
		adminRoles = List.copyOf(adminRoles);
		readerRoles = (readerRoles != null) ? List.copyOf(readerRoles) : List.of();
		if (maxPageSize < 1) {
			throw new IllegalArgumentException("jobs.api.max-page-size must be at least 1");
		}
		if (maxRequestSize < 1) {
			throw new IllegalArgumentException("jobs.api.max-request-size must be positive");
		}
	}

}
