package dev.jobs.app.security;

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

/**
 * What an API token may not do: change accounts, tokens or schedules, or act on the dashboard.
 * Everything such a change makes (a user, a token, a schedule) would keep working after the token
 * is revoked, so a stolen token could outlive its revocation; these changes need a password or a
 * signed-in browser. A token may read all of them, and do everything else its owner's role may do
 * (submit, cancel, retry, download, dead-letter actions for administrators).
 */
final class TokenScope {

	/** Paths under which a token changes nothing; reads (GET, HEAD, OPTIONS) stay open. */
	private static final List<String> NO_CHANGES_BY_TOKEN = List.of("/api/users", "/api/tokens", "/api/schedules",
			"/dashboard");

	/** The seed's export alias under /api/users submits a job, which a token may do. */
	private static final String EXPORT_ALIAS = "/api/users/export/";

	private TokenScope() {
	}

	/** Whether a request signed in by a token may do this. */
	static boolean allows(HttpServletRequest request) {
		if (SecurityConfiguration.isSafe(request.getMethod())) {
			return true;
		}
		String path = request.getServletPath() + ((request.getPathInfo() != null) ? request.getPathInfo() : "");
		if (path.startsWith(EXPORT_ALIAS)) {
			return true;
		}
		return NO_CHANGES_BY_TOKEN.stream().noneMatch(prefix -> path.equals(prefix) || path.startsWith(prefix + "/"));
	}

}
